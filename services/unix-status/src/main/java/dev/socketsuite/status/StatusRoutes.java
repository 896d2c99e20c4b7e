package dev.socketsuite.status;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Set;

import dev.socketsuite.protocol.JsonText;
import dev.socketsuite.protocol.http.HttpRequest;
import dev.socketsuite.protocol.http.HttpResponse;
import dev.socketsuite.protocol.http.HttpStatus;
import dev.socketsuite.runtime.http.HttpProtocol;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.stream.Connection;

/**
 * {@code GET /} answers {@code running} exactly as the origin document's server does
 * (text/plain, Content-Length 7, Connection: close); {@code GET /status} answers JSON.
 * Both take HEAD; other methods get 405 with {@code Allow}.
 */
final class StatusRoutes implements HttpProtocol.Routes {

    private static final Set<String> ALLOWED = Set.of("GET", "HEAD");
    private static final String VERSION = versionOf(StatusRoutes.class);

    private final ServiceMetrics metrics;

    StatusRoutes(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public HttpResponse respond(HttpRequest request, Connection connection) {
        var path = request.path();
        if (!path.equals("/") && !path.equals("/status")) {
            return HttpResponse.of(HttpStatus.NOT_FOUND, "text/plain", "Not found");
        }
        if (!ALLOWED.contains(request.method())) {
            return HttpResponse.of(HttpStatus.METHOD_NOT_ALLOWED, "text/plain", "Method not allowed")
                    .with("Allow", "GET, HEAD");
        }
        if (path.equals("/")) {
            return HttpResponse.of(HttpStatus.OK, "text/plain", "running").with("Connection", "close");
        }
        return HttpResponse.of(HttpStatus.OK, "application/json", status());
    }

    private String status() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("status", "running");
        fields.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        fields.put("pid", ProcessHandle.current().pid());
        fields.put("version", VERSION);
        fields.put("openConnections", metrics.activeConnections());
        return JsonText.object(fields);
    }

    private static String versionOf(Class<?> type) {
        var version = type.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
