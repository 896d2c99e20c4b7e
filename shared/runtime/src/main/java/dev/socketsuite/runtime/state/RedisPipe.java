package dev.socketsuite.runtime.state;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import dev.socketsuite.protocol.redis.RespException;
import dev.socketsuite.protocol.redis.RespParser;
import dev.socketsuite.protocol.redis.RespReply;
import dev.socketsuite.protocol.redis.RespWriter;
import dev.socketsuite.runtime.stream.LoopClient;
import dev.socketsuite.runtime.stream.LoopTurn;

/**
 * One event loop's connection to Redis, driven by that loop alone. Commands asked for during
 * a loop turn are staged and leave together at its end, in one write (with a {@code WAIT}
 * behind them when writes must reach replicas); replies are parsed on the loop as they
 * arrive and complete their commands' futures in order, on the loop. A write the socket
 * cannot take waits for {@code OP_WRITE}, within a bound; a reply later than the timeout,
 * a reset or a reply that is not RESP fails every command in flight, as the stream is out of
 * step, and the next command connects again. Every method runs on the loop's thread.
 */
final class RedisPipe implements LoopClient.Ready {

    /** Bytes of commands that may wait for the socket before more are refused. */
    static final int MAX_UNWRITTEN = 4 * 1024 * 1024;
    /**
     * Batches written and not yet answered at once. Beyond them, commands stay staged and leave
     * together when a batch is answered: under load one write then carries what came meanwhile,
     * as a WAIT behind a batch holds the connection until the replicas answer it.
     */
    static final int MAX_BATCHES_IN_FLIGHT = 2;

    /**
     * How to reach the server now, and what to say first on each new connection.
     *
     * @param tls for {@code rediss://}, the context whose engine speaks TLS to it (the server's
     *            name checked against its certificate); null for plain {@code redis://}
     */
    record Target(InetSocketAddress address, List<List<String>> greeting, SSLContext tls) {
    }

    private final LoopClient loop;
    private final Supplier<Target> target;
    private final Duration timeout;
    private final int minReplicas;
    /** Told why the connection failed, so the state's availability can say so. */
    private final Consumer<String> failures;

    private SocketChannel channel;
    private RedisWire wire;
    private SelectionKey key;
    private InetSocketAddress connectedTo;
    /** Connected, and with TLS the handshake done: commands may go. */
    private boolean connected;
    private LoopClient.Timer connectTimer;
    private final RespWriter staged = new RespWriter(4096);
    private final List<Command> stagedCommands = new ArrayList<>();
    private boolean stagedWrites;
    private boolean flushAtTurnEnd;
    private final ArrayDeque<Command> inFlight = new ArrayDeque<>();
    private int batchesInFlight;
    private RespParser parser;
    private LoopClient.Timer replyTimer;

    RedisPipe(LoopClient loop, Supplier<Target> target, Duration timeout, int minReplicas, Consumer<String> failures) {
        this.loop = loop;
        this.target = target;
        this.timeout = timeout;
        this.minReplicas = minReplicas;
        this.failures = failures;
    }

    /**
     * Sends {@code command} with the others of this turn; the future completes on the loop with
     * its reply (an error reply too), or fails with {@link StateUnavailableException}.
     *
     * @param write whether it changes data, so that with replicas to wait for it counts only
     *              once they hold it: until then its reply is held, and it fails if too few do
     */
    CompletableFuture<RespReply> send(List<String> command, boolean write) {
        var sent = new Command(write);
        if (staged.size() + (wire == null ? 0 : wire.unwritten()) > MAX_UNWRITTEN) {
            sent.fail(new StateUnavailableException("Redis is not taking commands as fast as they come"));
            return sent;
        }
        var now = target.get();
        if (now == null) {
            sent.fail(new StateUnavailableException("the sentinels have not named a primary yet"));
            return sent;
        }
        if (channel != null && !now.address().equals(connectedTo)) {
            fail("the primary moved to " + now.address(), false);
        }
        if (channel == null && !connect(now)) {
            return sent.failed();
        }
        staged.command(command);
        stagedCommands.add(sent);
        stagedWrites |= write;
        flushAtTurnEnd();
        return sent;
    }

    private void flushAtTurnEnd() {
        if (!flushAtTurnEnd && !stagedCommands.isEmpty()) {
            flushAtTurnEnd = true;
            LoopTurn.atEnd(this::flush);
        }
    }

    private String where() {
        return connectedTo == null ? "Redis" : connectedTo.getHostString() + ":" + connectedTo.getPort();
    }

    /** Whether a connection is open or being opened. */
    boolean open() {
        return channel != null;
    }

    private boolean connect(Target now) {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            connectedTo = now.address();
            wire = RedisWire.of(channel, now.tls() == null ? null : clientEngine(now));
            boolean reached = channel.connect(new InetSocketAddress(now.address().getHostString(), now.address().getPort()));
            key = loop.register(channel, reached ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            parser = new RespParser();
            for (var line : now.greeting()) {
                staged.command(line);
                stagedCommands.add(Command.greeting());
            }
            connectTimer = loop.schedule(timeout, () -> fail("no connection to " + where() + " within "
                    + timeout.toMillis() + " ms", true));
            if (reached) {
                secure();
            }
            return channel != null;
        } catch (IOException | RuntimeException e) {
            fail("cannot connect to " + now.address() + ": " + e.getMessage(), true);
            return false;
        }
    }

    /** A client-mode engine for {@code target}, checking that the certificate names the server. */
    private static SSLEngine clientEngine(Target target) {
        var engine = target.tls().createSSLEngine(target.address().getHostString(), target.address().getPort());
        engine.setUseClientMode(true);
        engine.setSSLParameters(RedisSettings.checkingServerName(engine.getSSLParameters()));
        return engine;
    }

    /** Once connected: the TLS handshake as far as it goes now; when done, the staged commands go. */
    private void secure() throws IOException {
        if (!wire.handshake()) {
            key.interestOps(SelectionKey.OP_READ | (wire.unwritten() > 0 ? SelectionKey.OP_WRITE : 0));
            return;
        }
        connected = true;
        connectTimer.cancel();
        connectTimer = null;
        key.interestOps(SelectionKey.OP_READ);
        flush();
    }

    /**
     * At the turn's end: the staged commands leave in one write, with a WAIT behind them when
     * needed; unless {@link #MAX_BATCHES_IN_FLIGHT} are unanswered, and then once one is.
     */
    private void flush() {
        flushAtTurnEnd = false;
        if (channel == null || !connected || stagedCommands.isEmpty() || batchesInFlight >= MAX_BATCHES_IN_FLIGHT) {
            return; // sent once the connection is made, or a batch answered
        }
        if (stagedWrites && minReplicas > 0) {
            staged.command("WAIT", String.valueOf(minReplicas), String.valueOf(waitMillis()));
            stagedCommands.add(Command.replicas(minReplicas, new ArrayList<>(stagedCommands)));
        }
        long now = System.nanoTime();
        for (var command : stagedCommands) {
            command.sentNanos = now;
            inFlight.add(command);
        }
        stagedCommands.getLast().endsBatch = true;
        batchesInFlight++;
        stagedCommands.clear();
        stagedWrites = false;
        IOException failure = null;
        try {
            wire.write(staged.buffer());
            if (wire.unwritten() > 0) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            failure = e;
        }
        // Emptied before anything can call back: a command failed below may be sent again at once.
        staged.clear(64 * 1024);
        if (failure != null) {
            fail(where() + " unreachable: " + failure.getMessage(), true);
            return;
        }
        if (replyTimer == null) {
            replyTimer = loop.schedule(timeout, this::checkReplyTime);
        }
    }

    /** How long a WAIT may take: well inside the reply timeout, so the server answers before it. */
    private long waitMillis() {
        return Math.max(1, timeout.toMillis() / 2);
    }

    @Override
    public void ready(SelectionKey ready, ByteBuffer readBuffer) throws IOException {
        if (ready != key) {
            return; // a connection closed earlier in this selection: its events are stale
        }
        if (!connected) {
            if (ready.isConnectable()) {
                channel.finishConnect();
            }
            if (channel.isConnected()) {
                secure();
            }
            return;
        }
        if (ready.isWritable() && wire.flush()) {
            key.interestOps(SelectionKey.OP_READ);
        }
        if (ready.isReadable()) {
            read(readBuffer);
        }
    }

    /**
     * Reads and hands out replies until the socket has no more. A reply's callbacks may send
     * (a counter raised past a lost value) and so replace this connection: reading stops then.
     */
    private void read(ByteBuffer readBuffer) throws IOException {
        var reading = channel;
        while (reading != null && channel == reading) {
            readBuffer.clear();
            int count = wire.read(readBuffer);
            if (count < 0) {
                // Idle, this is a restart or a failover the watcher will judge, or the server's
                // idle timeout: only commands lost on the way make it a failure of the server.
                fail(where() + " closed the connection", !inFlight.isEmpty());
                return;
            }
            if (count == 0) {
                return;
            }
            readBuffer.flip();
            try {
                for (RespReply reply; channel == reading && (reply = parser.next(readBuffer)) != null; ) {
                    var command = inFlight.poll();
                    if (command == null) {
                        fail(where() + " sent a reply to no command", true);
                        return;
                    }
                    if (!command.answer(reply)) {
                        fail(where() + " refused the connection's setup: " + ((RespReply.Error) reply).message(), true);
                        return;
                    }
                    if (command.endsBatch) {
                        batchesInFlight--;
                        flushAtTurnEnd(); // what waited for this batch's answer
                    }
                }
            } catch (RespException e) {
                fail(where() + " sent what is not RESP: " + e.getMessage(), true);
                return;
            }
            if (count < readBuffer.capacity()) {
                return;
            }
        }
    }

    @Override
    public void failed(Throwable failure) {
        if (channel == null) {
            return;
        }
        fail(where() + " unreachable: " + failure.getMessage(), true);
    }

    /** The reply timer: the oldest command in flight has had its time, or the next check is set for it. */
    private void checkReplyTime() {
        replyTimer = null;
        var oldest = inFlight.peek();
        if (oldest == null) {
            return;
        }
        long late = System.nanoTime() - oldest.sentNanos - timeout.toNanos();
        if (late >= 0) {
            fail(where() + " did not answer within " + timeout.toMillis() + " ms", true);
        } else {
            replyTimer = loop.schedule(Duration.ofNanos(-late), this::checkReplyTime);
        }
    }

    /** Fails every command staged or in flight and closes the connection; the next command connects again. */
    void fail(String reason, boolean serverFailed) {
        var error = new StateUnavailableException(reason);
        var failing = new ArrayList<>(inFlight);
        failing.addAll(stagedCommands);
        inFlight.clear();
        stagedCommands.clear();
        stagedWrites = false;
        staged.clear(64 * 1024);
        closeChannel();
        if (serverFailed) {
            failures.accept(reason); // first: a refused caller may look at the state's status at once
        }
        failing.forEach(command -> command.fail(error));
    }

    void close() {
        fail("the shared state is closed", false);
    }

    private void closeChannel() {
        if (replyTimer != null) {
            replyTimer.cancel();
            replyTimer = null;
        }
        if (connectTimer != null) {
            connectTimer.cancel();
            connectTimer = null;
        }
        wire = null;
        if (channel != null) {
            try {
                channel.close(); // cancels the key
            } catch (IOException ignored) {
                // closing is all that is left
            }
        }
        channel = null;
        key = null;
        connected = false;
        batchesInFlight = 0;
    }

    /**
     * A command sent: its caller's future, or a line of the connection's setup (which must be
     * answered +OK), or the WAIT behind a batch of writes (which releases their replies).
     */
    private static class Command extends CompletableFuture<RespReply> {
        final boolean write;
        long sentNanos;
        /** The last of a batch written together: its answer lets another batch go. */
        boolean endsBatch;
        /** The reply, held until the batch's WAIT says enough replicas have it. */
        RespReply held;
        boolean holding;

        Command(boolean write) {
            this.write = write;
        }

        static Command greeting() {
            return new Command(false) {
                @Override
                boolean answer(RespReply reply) {
                    return !(reply instanceof RespReply.Error);
                }
            };
        }

        static Command replicas(int needed, List<Command> batch) {
            batch.forEach(command -> command.holding = command.write);
            return new Command(false) {
                @Override
                boolean answer(RespReply reply) {
                    long acknowledged = reply instanceof RespReply.Int count ? count.value() : -1;
                    for (var command : held(batch)) {
                        if (acknowledged >= needed || command.held instanceof RespReply.Error) {
                            command.complete(command.held);
                        } else {
                            command.completeExceptionally(new NotReplicatedException(acknowledged + " of the " + needed
                                    + " replicas needed acknowledged a write"));
                        }
                    }
                    return true;
                }

                /** The writes whose replies came are out of flight, held here: they fail with it. */
                @Override
                void fail(Throwable error) {
                    held(batch).forEach(command -> command.completeExceptionally(error));
                    super.fail(error);
                }
            };
        }

        private static List<Command> held(List<Command> batch) {
            return batch.stream().filter(command -> command.holding).toList();
        }

        /** Its reply came; false when the connection cannot go on (a setup line refused). */
        boolean answer(RespReply reply) {
            if (holding) {
                held = reply;
            } else {
                complete(reply);
            }
            return true;
        }

        void fail(Throwable error) {
            completeExceptionally(error);
        }

        CompletableFuture<RespReply> failed() {
            completeExceptionally(new StateUnavailableException("no connection to Redis"));
            return this;
        }
    }
}
