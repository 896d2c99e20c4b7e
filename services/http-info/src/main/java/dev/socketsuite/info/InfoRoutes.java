package dev.socketsuite.info;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.socketsuite.protocol.JsonText;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpRequest;
import dev.socketsuite.protocol.http.HttpResponse;
import dev.socketsuite.protocol.http.HttpStatus;
import dev.socketsuite.runtime.PodIdentity;
import dev.socketsuite.runtime.http.HttpProtocol;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.SharedState;
import dev.socketsuite.runtime.stream.Connection;
import dev.socketsuite.runtime.tls.Negotiated;
import io.helidon.metrics.api.Counter;

/**
 * {@code /}, {@code /hello} and {@code /about} show the request back, as HTML or, when
 * the client accepts {@code application/json}, as JSON with every header and the pod that
 * answered; a test backend's endpoints are {@link BackendRoutes}; anything else is the
 * origin document's 404 page. Each answered page is one visitor, numbered by the shared
 * state, so replicas never hand out the same number.
 */
final class InfoRoutes implements HttpProtocol.Routes {

    private static final Set<String> PAGES = Set.of("/", "/hello", "/about");

    /** Seconds a client is asked to wait while visitor numbers cannot be had. */
    private static final String RETRY_AFTER = "2";
    private static final String UNAVAILABLE = "Visitor numbers are unavailable for a moment; please try again shortly.";

    private final SharedState state;
    private final ServiceMetrics metrics;
    private final ClientAddress clients;
    private final BackendRoutes backend;
    private final PodIdentity pod;
    private final Counter pagesShown;
    private final String hostName = hostName();

    InfoRoutes(SharedState state, ServiceMetrics metrics, ClientAddress clients, BackendRoutes backend, PodIdentity pod) {
        this.state = state;
        this.metrics = metrics;
        this.clients = clients;
        this.backend = backend;
        this.pod = pod;
        this.pagesShown = metrics.counter("socket.http.visitors", "Pages shown by http-info");
    }

    @Override
    public HttpResponse respond(HttpRequest request, Connection connection) {
        return respondLater(request, connection).toCompletableFuture().join();
    }

    /** A page waits for its visitor number, which on Redis takes a round trip shared with other pages. */
    @Override
    public CompletionStage<HttpResponse> respondLater(HttpRequest request, Connection connection) {
        if (!PAGES.contains(request.path())) {
            var answer = backend.respond(request, connection);
            return CompletableFuture.completedFuture(answer != null ? answer
                    : HttpResponse.of(HttpStatus.NOT_FOUND, Views.HTML, InfoPages.notFound()));
        }
        return state.nextLater("visitors").handle((visitor, failure) -> {
            if (failure != null) {
                metrics.error("state_unavailable");
                return unavailable(request);
            }
            return page(request, connection, visitor);
        });
    }

    private HttpResponse page(HttpRequest request, Connection connection, long visitor) {
        pagesShown.increment();
        var browser = HttpReader.utf8(request.headers().first("User-Agent").orElse("unknown"));
        if (Views.wantsJson(request)) {
            return HttpResponse.of(HttpStatus.OK, Views.JSON, json(request, browser, visitor, connection));
        }
        return HttpResponse.of(HttpStatus.OK, Views.HTML, InfoPages.requestInfo(request.method(), request.path(), browser, visitor,
                pod.known() ? pod.name() : hostName));
    }

    /** {@code /anything} shows a body's SHA-256. */
    @Override
    public boolean digestsBodies() {
        return true;
    }

    /** A {@code /delay} is held without holding the loop or a thread. */
    @Override
    public Duration holdFor(HttpRequest request) {
        return backend.holdFor(request);
    }

    @Override
    public HttpResponse refuse(HttpStatus status, String detail) {
        return HttpResponse.of(status, Views.HTML, InfoPages.error(status, detail));
    }

    /** No visitor number can be had: a 503 in the form the client asked for, never an invented number. */
    private HttpResponse unavailable(HttpRequest request) {
        var status = HttpStatus.SERVICE_UNAVAILABLE;
        var response = Views.wantsJson(request)
                ? HttpResponse.of(status, Views.JSON, JsonText.object(java.util.Map.of(
                        "status", status.code(), "error", status.reason(), "detail", UNAVAILABLE)))
                : refuse(status, UNAVAILABLE);
        return response.with("Retry-After", RETRY_AFTER);
    }

    private String json(HttpRequest request, String browser, long visitor, Connection connection) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("method", request.method());
        fields.put("path", request.path());
        fields.put("target", request.target());
        fields.put("version", request.version());
        fields.put("browser", browser);
        fields.put("visitor", visitor);
        fields.put("client", clients.of(request, connection));
        fields.put("hostname", hostName);
        if (pod.known()) {
            fields.put("pod", pod.fields());
        }
        fields.put("headers", BackendRoutes.headers(request));
        fields.put("tls", Negotiated.fields(connection.tls()));
        return JsonText.object(fields);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }

}
