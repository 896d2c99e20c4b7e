package dev.socketsuite.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.socketsuite.protocol.DurationText;
import dev.socketsuite.protocol.http.HttpException;
import dev.socketsuite.protocol.http.HttpLimits;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpRequest;
import dev.socketsuite.protocol.http.HttpResponse;
import dev.socketsuite.protocol.http.HttpStatus;
import dev.socketsuite.protocol.http.HttpWriter;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.stream.Connection;
import dev.socketsuite.runtime.stream.LoopProtocol;
import dev.socketsuite.runtime.stream.LoopReplies;
import io.helidon.metrics.api.Counter;

/**
 * Serves HTTP/1.1 on a stream connection for the services that speak it by hand:
 * keep-alive, pipelining, HEAD, a timer on each request, and a clear status for every
 * violation. The service gives only its {@link Routes}.
 *
 * <p>Bounds ({@code http.*} keys): request line, header section and body sizes from
 * {@link HttpLimits}; {@code http.request-timeout} from a request's first byte to its
 * last, after which the peer gets {@code 408} and the connection closes, so slow
 * senders cannot hold connections for long. Idle keep-alive connections are left to
 * {@code listener.idle-timeout} and close silently; at shutdown they close at once, and a
 * response from then on says {@code Connection: close}. With {@code http.access-log} each
 * response is one {@link AccessLog} line.
 *
 * <p>A connection starts on the event loops, where each keep-alive request that arrives
 * whole is answered at once, or when its response comes ({@link Routes#respondLater}, a
 * number from Redis, say): no thread is woken per request and none waits for an idle peer
 * or for the network. From the first read that holds anything else
 * (a request split over reads, one refused, one ending the connection), the connection has
 * a virtual thread of its own, which reads that input again from its first byte.
 */
public final class HttpProtocol implements LoopProtocol {

    /** What a service answers to each well-formed request. */
    @FunctionalInterface
    public interface Routes {
        HttpResponse respond(HttpRequest request, Connection connection);

        /**
         * The response to {@code request}, which may come later (a number from shared state
         * over the network, say): on an event loop the connection waits for it without holding
         * the loop or a thread. {@link #respond} at once by default, which must then never
         * block. A response given later keeps the connection open (a route that closes it
         * answers at once).
         */
        default CompletionStage<HttpResponse> respondLater(HttpRequest request, Connection connection) {
            return CompletableFuture.completedFuture(respond(request, connection));
        }

        /**
         * How long the response to {@code request} is held before it is sent (a test
         * backend's delay); none by default. On an event loop the connection waits without
         * holding the loop or a thread; on its own thread, that thread sleeps.
         */
        default Duration holdFor(HttpRequest request) {
            return Duration.ZERO;
        }

        /** True when the routes show a request body's SHA-256 ({@link HttpRequest#bodySha256()}); false by default. */
        default boolean digestsBodies() {
            return false;
        }

        /** The response to a request the parser refused; plain text by default. */
        default HttpResponse refuse(HttpStatus status, String detail) {
            return HttpResponse.of(status, "text/plain; charset=utf-8", status.reason() + ": " + detail + "\n");
        }
    }

    private static final System.Logger LOG = System.getLogger(HttpProtocol.class.getName());
    private static final Duration LINGER = Duration.ofSeconds(2);
    /**
     * Requests answered on a loop per read at most. One read can hold thousands of small
     * pipelined requests; a peer that sends more than this at once gets a thread of its own,
     * so it cannot hold the loop, and every other connection on it, for milliseconds.
     */
    private static final int MAX_ANSWERED_PER_READ = 32;

    private final HttpLimits limits;
    private final Duration requestTimeout;
    private final Routes routes;
    private final ServiceMetrics metrics;
    private final byte[] timeoutResponse;
    private final byte[] busyResponse;
    private final byte[] plainTextResponse;
    /** Response counters by status code, filled on first use: looking one up per response costs. */
    private final Counter[] responsesByStatus = new Counter[600];
    /** By status class: index 2 is 2xx. */
    private final ServiceMetrics.Latency[] latencyByClass = new ServiceMetrics.Latency[6];
    /** Null unless {@code http.access-log} is on. */
    private final AccessLog accessLog;
    /** Shutdown began: every response from now on closes its connection. */
    private volatile boolean draining;

    public HttpProtocol(Settings settings, ServiceMetrics metrics, Routes routes) {
        this.limits = new HttpLimits(
                settings.integer("http.max-request-line", 8192, 16, 1 << 20),
                settings.integer("http.max-header-bytes", 16 * 1024, 16, 1 << 22),
                settings.integer("http.max-headers", 100, 1, 10_000),
                settings.integer("http.max-body", 1 << 20, 0, Integer.MAX_VALUE));
        this.requestTimeout = settings.duration("http.request-timeout", Duration.ofSeconds(10));
        this.routes = routes;
        this.metrics = metrics;
        this.timeoutResponse = bytes(closing(routes.refuse(HttpStatus.REQUEST_TIMEOUT,
                "the request did not arrive within " + DurationText.format(requestTimeout))));
        this.busyResponse = bytes(closing(routes.refuse(HttpStatus.SERVICE_UNAVAILABLE,
                "too many connections, try again later")));
        this.plainTextResponse = bytes(closing(routes.refuse(HttpStatus.BAD_REQUEST,
                "this port speaks TLS: use https://")));
        this.accessLog = AccessLog.from(settings);
        for (int statusClass = 1; statusClass <= 5; statusClass++) {
            latencyByClass[statusClass] = metrics.httpLatency(statusClass + "xx");
        }
    }

    /** Keep-alive connections close at shutdown: idle ones at once, busy ones after their response. */
    @Override
    public boolean closesIdleAtDrain() {
        return true;
    }

    @Override
    public void onDrain() {
        draining = true;
    }

    /** A plain HTTP request on the TLS port gets a 400 saying so, as nginx answers it. */
    @Override
    public byte[] plainTextOnTlsPort() {
        return plainTextResponse;
    }

    @Override
    public void continueOnThread(Connection connection) throws IOException {
        var out = connection.output();
        var started = new long[1];
        var reader = reader(connection.input()).onMessageStart(() -> {
            started[0] = System.nanoTime();
            connection.expireWithin(requestTimeout, timeoutResponse, "request_timeout");
        });
        while (true) {
            HttpRequest request;
            try {
                request = reader.readRequest();
            } catch (HttpException e) {
                if (connection.cancelExpiry()) {
                    refuse(connection, e, started[0]);
                }
                return;
            }
            if (request == null || !connection.cancelExpiry()) {
                return;
            }
            hold(routes.holdFor(request));
            if (!reply(request, connection, out, started[0])) {
                finish(connection);
                return;
            }
        }
    }

    @Override
    public Next answer(ByteBuffer received, long readNanos, Connection connection, LoopReplies replies)
            throws IOException {
        var reader = reader(inputOf(received));
        int answered = received.position();
        for (int count = 0; count < MAX_ANSWERED_PER_READ; count++) {
            HttpRequest request;
            try {
                request = reader.readRequest();
            } catch (HttpException | EOFException e) {
                break; // refused, or split over reads: the thread reads it again, with its timer and error replies
            }
            if (request == null) {
                answered = received.position();
                break;
            }
            if (!request.keepAlive()) {
                break; // the thread answers it and lingers before the close
            }
            var response = routes.respondLater(request, connection).toCompletableFuture();
            var hold = routes.holdFor(request);
            if (hold.isPositive() || !response.isDone()) {
                // Sent when it is here and held long enough; the requests after it wait, answered in order after it.
                received.position(received.position() - reader.buffered());
                var ready = hold.isPositive() ? response.thenCompose(late -> CompletableFuture.supplyAsync(() -> late,
                        CompletableFuture.delayedExecutor(hold.toNanos(), TimeUnit.NANOSECONDS))) : response;
                replies.later(ready.thenApply(late -> bytes(request, late, connection, readNanos)));
                return response.isDone() && closes(response.join()) ? Next.FINISH : Next.STAY;
            }
            boolean keepAlive = send(request, response.join(), connection, replies, readNanos);
            answered = received.position() - reader.buffered();
            if (!keepAlive) {
                received.position(answered);
                return Next.FINISH;
            }
        }
        received.position(answered);
        return received.hasRemaining() ? Next.HAND_OVER : Next.STAY;
    }

    private HttpReader reader(InputStream in) {
        var reader = new HttpReader(in, limits);
        return routes.digestsBodies() ? reader.digestBodies() : reader;
    }

    /** Holds a response on the connection's own thread. */
    private static void hold(Duration duration) throws IOException {
        if (!duration.isPositive()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while holding a response");
        }
    }

    /** Drains what the peer still sends for a moment, so the close does not reset away the last reply. */
    @Override
    public void finish(Connection connection) throws IOException {
        connection.finishAfterReply(LINGER);
    }

    @Override
    public void rejectBusy(Connection connection) throws IOException {
        connection.output().write(busyResponse);
        responses(HttpStatus.SERVICE_UNAVAILABLE.code()).increment();
    }

    private void refuse(Connection connection, HttpException e, long started) throws IOException {
        metrics.error("http_" + e.status().code());
        LOG.log(Level.WARNING, "{0}: {1} {2}", connection.peer(), String.valueOf(e.status().code()), e.getMessage());
        var response = closing(routes.refuse(e.status(), e.getMessage()));
        HttpWriter.write(connection.output(), response, true);
        countStatus(e.status().code(), started);
        if (accessLog != null) {
            accessLog.record(connection, null, e.status().code(), response.body().length);
        }
        // The rest of what the peer sent cannot be framed; drain it so the close is not a reset.
        finish(connection);
    }

    /** Answers one request on the connection's own thread; false when the connection ends after the reply. */
    private boolean reply(HttpRequest request, Connection connection, OutputStream out, long started)
            throws IOException {
        var response = routes.respondLater(request, connection).toCompletableFuture().join();
        return send(request, response, connection, out, started);
    }

    /** Writes one response; false when the connection ends after it. */
    private boolean send(HttpRequest request, HttpResponse response, Connection connection, OutputStream out,
                         long started) throws IOException {
        metrics.message();
        boolean keepAlive = request.keepAlive() && !closes(response) && !draining;
        if (!keepAlive) {
            closing(response);
        } else if ("HTTP/1.0".equals(request.version())) {
            response.with("Connection", "keep-alive");
        }
        HttpWriter.write(out, response, !request.isHead());
        countStatus(response.code(), started);
        if (accessLog != null) {
            accessLog.record(connection, request, response.code(), request.isHead() ? 0 : response.body().length);
        }
        return keepAlive;
    }

    /** The bytes of one response given later; its connection stays open. */
    private byte[] bytes(HttpRequest request, HttpResponse response, Connection connection, long started) {
        var out = new ByteArrayOutputStream();
        try {
            send(request, response, connection, out, started);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // never from a byte array
        }
        return out.toByteArray();
    }

    /** Counts a response by status, and its time from the request's first byte by status class. */
    private void countStatus(int code, long started) {
        responses(code).increment();
        if (started != 0) {
            latencyByClass[code / 100].since(started);
        }
    }

    private Counter responses(int code) {
        var counter = responsesByStatus[code];
        if (counter == null) {
            // A race here is harmless: the registry hands both callers the same counter.
            counter = metrics.counter("socket.http.responses", "HTTP responses by status", "status", String.valueOf(code));
            responsesByStatus[code] = counter;
        }
        return counter;
    }

    private static boolean closes(HttpResponse response) {
        return response.headers().hasToken("Connection", "close");
    }

    private static HttpResponse closing(HttpResponse response) {
        return closes(response) ? response : response.with("Connection", "close");
    }

    /** The bytes between {@code buffer}'s position and limit as a stream, which ends there. */
    private static InputStream inputOf(ByteBuffer buffer) {
        return new InputStream() {
            @Override
            public int read() {
                return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) {
                if (!buffer.hasRemaining()) {
                    return -1;
                }
                int count = Math.min(length, buffer.remaining());
                buffer.get(bytes, offset, count);
                return count;
            }
        };
    }

    private static byte[] bytes(HttpResponse response) {
        var out = new ByteArrayOutputStream();
        try {
            HttpWriter.write(out, response, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
