package dev.socketsuite.info;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Set;

import dev.socketsuite.protocol.JsonText;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpRequest;
import dev.socketsuite.protocol.http.HttpResponse;
import dev.socketsuite.protocol.http.HttpStatus;
import dev.socketsuite.runtime.http.HttpProtocol;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.SharedState;
import dev.socketsuite.runtime.state.StateUnavailableException;
import dev.socketsuite.runtime.stream.Connection;
import io.helidon.metrics.api.Counter;

/**
 * {@code /}, {@code /hello} and {@code /about} show the request back, as HTML or, when
 * the client accepts {@code application/json}, as JSON with every header; anything else
 * is the origin document's 404 page. Each answered page is one visitor, numbered by the
 * shared state, so replicas never hand out the same number.
 */
final class InfoRoutes implements HttpProtocol.Routes {

    private static final Set<String> PAGES = Set.of("/", "/hello", "/about");
    private static final String HTML = "text/html; charset=utf-8";

    /** Seconds a client is asked to wait while visitor numbers cannot be had. */
    private static final String RETRY_AFTER = "2";
    private static final String UNAVAILABLE = "Visitor numbers are unavailable for a moment; please try again shortly.";

    private final SharedState state;
    private final ServiceMetrics metrics;
    private final ClientAddress clients;
    private final Counter pagesShown;
    private final String hostName = hostName();

    InfoRoutes(SharedState state, ServiceMetrics metrics, ClientAddress clients) {
        this.state = state;
        this.metrics = metrics;
        this.clients = clients;
        this.pagesShown = metrics.counter("socket.http.visitors", "Pages shown by http-info");
    }

    @Override
    public HttpResponse respond(HttpRequest request, Connection connection) {
        if (!PAGES.contains(request.path())) {
            return HttpResponse.of(HttpStatus.NOT_FOUND, HTML, InfoPages.notFound());
        }
        long visitor;
        try {
            visitor = state.next("visitors");
        } catch (StateUnavailableException e) {
            metrics.error("state_unavailable");
            return unavailable(request);
        }
        pagesShown.increment();
        var browser = HttpReader.utf8(request.headers().first("User-Agent").orElse("unknown"));
        if (wantsJson(request)) {
            return HttpResponse.of(HttpStatus.OK, "application/json", json(request, browser, visitor, connection));
        }
        return HttpResponse.of(HttpStatus.OK, HTML, InfoPages.requestInfo(request.method(), request.path(), browser, visitor));
    }

    /** Visitor numbers from Redis take a round trip. */
    @Override
    public boolean mayBlock() {
        return state.remote();
    }

    @Override
    public HttpResponse refuse(HttpStatus status, String detail) {
        return HttpResponse.of(status, HTML, InfoPages.error(status, detail));
    }

    /** No visitor number can be had: a 503 in the form the client asked for, never an invented number. */
    private HttpResponse unavailable(HttpRequest request) {
        var status = HttpStatus.SERVICE_UNAVAILABLE;
        var response = wantsJson(request)
                ? HttpResponse.of(status, "application/json", JsonText.object(java.util.Map.of(
                        "status", status.code(), "error", status.reason(), "detail", UNAVAILABLE)))
                : refuse(status, UNAVAILABLE);
        return response.with("Retry-After", RETRY_AFTER);
    }

    private static boolean wantsJson(HttpRequest request) {
        return request.headers().all("Accept").stream()
                .anyMatch(value -> value.toLowerCase(java.util.Locale.ROOT).contains("application/json"));
    }

    private String json(HttpRequest request, String browser, long visitor, Connection connection) {
        var headers = new LinkedHashMap<String, Object>();
        for (var field : request.headers().fields()) {
            headers.merge(field.name(), HttpReader.utf8(field.value()), (a, b) -> a + ", " + b);
        }
        var fields = new LinkedHashMap<String, Object>();
        fields.put("method", request.method());
        fields.put("path", request.path());
        fields.put("target", request.target());
        fields.put("version", request.version());
        fields.put("browser", browser);
        fields.put("visitor", visitor);
        fields.put("client", clients.of(request, connection));
        fields.put("hostname", hostName);
        fields.put("headers", headers);
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
