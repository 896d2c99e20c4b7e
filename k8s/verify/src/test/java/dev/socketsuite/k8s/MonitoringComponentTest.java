package dev.socketsuite.k8s;

import static dev.socketsuite.k8s.Manifests.list;
import static dev.socketsuite.k8s.Manifests.map;
import static dev.socketsuite.k8s.Manifests.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.ServiceProcess;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;

/**
 * components/monitoring on the production overlay: it renders and validates, its
 * ServiceMonitor reaches every service's metrics, and every metric its dashboard queries is
 * one the services really serve.
 */
class MonitoringComponentTest {

    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();
    private static final Pattern METRIC = Pattern.compile("\\bsocket_[a-z_]+");

    /** Production with the component added, as an operator would add it. */
    private static List<Map<String, Object>> monitored() {
        return Manifests.overlayWith("production", "monitoring");
    }

    @Test
    void rendersAndValidatesOnTheProductionOverlay() throws IOException {
        var problems = new ArrayList<String>();
        for (var document : monitored()) {
            SCHEMAS.violations(document).forEach(v -> problems.add(document.get("kind") + "/" + name(document) + ": " + v));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theServiceMonitorScrapesEveryServicesHealthPort() throws IOException {
        var documents = monitored();
        var monitors = Manifests.ofKind(documents, "ServiceMonitor");
        assertEquals(1, monitors.size());
        var spec = map(monitors.getFirst(), "spec");
        var selector = map(map(spec, "selector"), "matchLabels");
        var endpoint = list(spec, "endpoints").getFirst();
        assertEquals("/observe/metrics", endpoint.get("path"));
        for (var service : Manifests.ofKind(documents, "Service")) {
            if (!Manifests.SERVICES.contains(name(service))) {
                continue;
            }
            assertTrue(map(map(service, "metadata"), "labels").entrySet().containsAll(selector.entrySet()),
                    name(service) + " is not selected by the ServiceMonitor");
            var ports = list(map(service, "spec"), "ports").stream().map(p -> p.get("name")).toList();
            assertTrue(ports.contains(endpoint.get("port")), name(service) + " has no port " + endpoint.get("port"));
        }
    }

    @Test
    void everyMetricTheDashboardQueriesIsServed() throws Exception {
        var configMap = Manifests.ofKind(monitored(), "ConfigMap").stream()
                .filter(c -> "socket-suite-dashboard".equals(name(c))).findFirst().orElseThrow();
        assertEquals("1", map(map(configMap, "metadata"), "labels").get("grafana_dashboard"),
                "Grafana's sidecar picks dashboards up by this label");
        var dashboard = new ObjectMapper().readTree((String) map(configMap, "data").get("socket-suite.json"));
        var queried = new TreeSet<String>();
        for (var panel : dashboard.get("panels")) {
            assertTrue(panel.path("targets").size() > 0, panel.get("title").asText());
            for (JsonNode target : panel.get("targets")) {
                var matcher = METRIC.matcher(target.get("expr").asText());
                while (matcher.find()) {
                    queried.add(matcher.group());
                }
            }
        }
        assertTrue(queried.contains("socket_latency_seconds_bucket"), "no latency percentiles: " + queried);

        var served = new TreeSet<String>();
        served.addAll(httpInfoOnRedisWithAnError());
        served.addAll(counterUdpDroppingADatagram());
        var missing = new TreeSet<>(queried);
        missing.removeAll(served);
        assertEquals(new TreeSet<String>(), missing, "the dashboard queries metrics no service serves");
    }

    /** http-info on a real Redis, after a page and a malformed request: visitors, state round trips, errors. */
    private static List<String> httpInfoOnRedisWithAnError() throws Exception {
        try (var redis = RedisServer.start();
             var process = ServiceProcess.launchJar(ServiceJar.of("http-info").jar(), Map.of("LISTENER_PORT", "0",
                     "SERVER_PORT", "0", "STATE_BACKEND", "redis", "STATE_REDIS_URL", redis.url()))) {
            int[] ports = process.awaitReady(Duration.ofSeconds(60));
            assertTrue(Wire.exchange(ports[0], "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
            assertTrue(Wire.exchange(ports[0], "BROKEN\r\n\r\n").startsWith("HTTP/1.1 400"));
            return scrape(ports[1]);
        }
    }

    /** counter-udp allowing one datagram per second, sent three: replies and a counted drop. */
    private static List<String> counterUdpDroppingADatagram() throws Exception {
        try (var process = ServiceProcess.launchJar(ServiceJar.of("counter-udp").jar(), Map.of("LISTENER_PORT", "0",
                "SERVER_PORT", "0", "LISTENER_RATE_LIMIT_PER_SECOND", "1", "LISTENER_RATE_LIMIT_BURST", "1"));
             var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int[] ports = process.awaitReady(Duration.ofSeconds(60));
            var payload = "hello".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 3; i++) {
                socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), ports[0]));
            }
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> scrape(ports[1]).contains("socket_datagrams_dropped_total")));
            return scrape(ports[1]);
        }
    }

    private static List<String> scrape(int healthPort) {
        try {
            var body = new HealthClient(healthPort).get("/observe/metrics").body();
            var names = new ArrayList<String>();
            var matcher = Pattern.compile("(?m)^(socket_[a-z_]+)").matcher(body);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
