package dev.socketsuite.info;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.protocol.JsonText;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpRequest;
import dev.socketsuite.protocol.http.HttpResponse;
import dev.socketsuite.protocol.http.HttpStatus;
import dev.socketsuite.runtime.Connection;
import dev.socketsuite.runtime.HttpConnectionHandler;
import dev.socketsuite.runtime.ServiceMetrics;
import io.helidon.metrics.api.Counter;

/**
 * {@code /}, {@code /hello} and {@code /about} show the request back, as HTML or, when
 * the client accepts {@code application/json}, as JSON with every header; anything else
 * is the origin document's 404 page. Each answered page is one visitor.
 */
final class InfoRoutes implements HttpConnectionHandler.Routes {

    private static final Set<String> PAGES = Set.of("/", "/hello", "/about");
    private static final String HTML = "text/html; charset=utf-8";

    private final AtomicLong visitors = new AtomicLong();
    private final Counter pagesShown;
    private final String hostName = hostName();

    InfoRoutes(ServiceMetrics metrics) {
        this.pagesShown = metrics.counter("socket.http.visitors", "Pages shown by http-info");
    }

    @Override
    public HttpResponse respond(HttpRequest request, Connection connection) {
        if (!PAGES.contains(request.path())) {
            return HttpResponse.of(HttpStatus.NOT_FOUND, HTML, InfoPages.notFound());
        }
        long visitor = visitors.incrementAndGet();
        pagesShown.increment();
        var browser = HttpReader.utf8(request.headers().first("User-Agent").orElse("unknown"));
        if (wantsJson(request)) {
            return HttpResponse.of(HttpStatus.OK, "application/json", json(request, browser, visitor, connection));
        }
        return HttpResponse.of(HttpStatus.OK, HTML, InfoPages.requestInfo(request.method(), request.path(), browser, visitor));
    }

    @Override
    public HttpResponse refuse(HttpStatus status, String detail) {
        return HttpResponse.of(status, HTML, InfoPages.error(status, detail));
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
        fields.put("client", connection.peer());
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
