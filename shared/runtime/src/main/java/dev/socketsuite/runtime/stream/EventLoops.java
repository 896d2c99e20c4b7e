package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketsuite.runtime.StartupException;

/**
 * Selector threads serving the connections of a {@link LoopProtocol} or a
 * {@link SessionProtocol}. One thread reading every ready
 * connection in turn costs a system call per read and per write, where a virtual thread
 * per connection also pays a failed read, a poller re-arm and a park and unpark per
 * exchange: measured on echo, 0.6-0.7x of a C epoll server against 0.9-1.0x for a loop. A connection on a loop has
 * no thread of its own while it waits, only its channel and a small session.
 */
final class EventLoops {

    private static EventLoops shared;

    private final EventLoop[] loops;
    private final LoopClient[] clients;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger nextClient = new AtomicInteger();

    private EventLoops(EventLoop[] loops) {
        this.loops = loops;
        this.clients = new LoopClient[loops.length];
        for (int i = 0; i < loops.length; i++) {
            var client = new LoopClient(loops[i], i);
            clients[i] = client;
            loops[i].execute(client::bindToThread);
        }
    }

    /** One of the loops as a client connection sees it, each in turn. */
    LoopClient nextClient() {
        return clients[Math.floorMod(nextClient.getAndIncrement(), clients.length)];
    }

    LoopClient client(int index) {
        return clients[index];
    }

    int size() {
        return loops.length;
    }

    /**
     * The process's loops, started on first use: one per processor the JVM may use, as a
     * loop keeps one core busy at most. Shared by every listener in the process, so a
     * service started and stopped again (as tests do) leaves no threads behind.
     *
     * @throws StartupException when a selector cannot be opened (no descriptor left)
     */
    static synchronized EventLoops shared() {
        if (shared == null) {
            var loops = new EventLoop[Runtime.getRuntime().availableProcessors()];
            try {
                for (int i = 0; i < loops.length; i++) {
                    loops[i] = EventLoop.start("socket-loop-" + i);
                }
            } catch (IOException e) {
                throw new StartupException("cannot open a selector for the event loops: " + e.getMessage(), e);
            }
            shared = new EventLoops(loops);
        }
        return shared;
    }

    /**
     * Waits on one of the loops for {@code connection}'s input and hands it to {@code input}
     * on a virtual thread. The future completes once {@link Session#ended} returned, and
     * fails when the peer's connection failed or the session threw. Writing goes on through
     * the connection's output; its input stream must not be used from now on.
     */
    CompletableFuture<Void> serve(Connection connection, Session input) throws IOException {
        var loop = nextLoop();
        return loop.add(connection, new SessionAdapter(connection, input, loop));
    }

    /**
     * Serves {@code connection} with {@code protocol} on one of the loops, until the protocol
     * sends it to a virtual thread named {@code threadPrefix} and the connection's id. The future completes when the
     * peer shut its output (every reply written, ours shut too) or the thread's work
     * returned; it fails when the peer or the runtime closed the connection or the protocol
     * threw. The connection's input must not be used from now on.
     */
    CompletableFuture<Void> serve(Connection connection, LoopProtocol protocol, String threadPrefix) throws IOException {
        var loop = nextLoop();
        return loop.add(connection, new LoopProtocolAdapter(connection, protocol, loop, threadPrefix));
    }

    private EventLoop nextLoop() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }
}
