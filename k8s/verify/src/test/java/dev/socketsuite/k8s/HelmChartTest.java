package dev.socketsuite.k8s;

import static dev.socketsuite.k8s.Manifests.map;
import static dev.socketsuite.k8s.Manifests.name;
import static dev.socketsuite.k8s.Manifests.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * charts/socket-suite, rendered and linted in process (helm-java: Helm's own library, no
 * binary). The chart must not drift from kustomize: with its default values it renders the
 * local overlay's objects, with values-production.yaml the production overlay's, and with each
 * toggle the overlay plus the matching component; every rendered object passes the schemas.
 */
class HelmChartTest {

    static final Path CHART = Manifests.ROOT.resolve("charts/socket-suite");
    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();
    /** Labels only Helm adds: who manages the object and which chart made it. */
    private static final List<String> HELM_LABELS = List.of("app.kubernetes.io/managed-by", "helm.sh/chart");

    /** helm template with {@code values} files (relative to the chart) and {@code set} pairs. */
    static List<Map<String, Object>> template(List<String> values, Map<String, Object> set) {
        var command = new Helm(CHART).template().withName("socket-suite").withNamespace("socket-suite");
        values.forEach(file -> command.withValuesFile(CHART.resolve(file)));
        set.forEach(command::set);
        return parse(command.call());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String yaml) {
        return StreamSupport.stream(new Yaml().loadAll(yaml).spliterator(), false)
                .filter(document -> document instanceof Map<?, ?>)
                .map(document -> (Map<String, Object>) document)
                .toList();
    }

    @Test
    void lintIsClean() {
        var result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void defaultValuesRenderTheLocalOverlay() {
        assertSameObjects(Manifests.overlay("local"), template(List.of(), Map.of()));
    }

    @Test
    void productionValuesRenderTheProductionOverlay() {
        assertSameObjects(Manifests.overlay("production"), template(List.of("values-production.yaml"), Map.of()));
    }

    @Test
    void eachToggleRendersTheOverlayWithItsComponent() {
        assertSameObjects(Manifests.overlayWith("local", "gateway"), template(List.of(), Map.of("gateway.enabled", true)));
        assertSameObjects(Manifests.overlayWith("local", "chat-ingress"), template(List.of(), Map.of("chatIngress.enabled", true)));
        assertSameObjects(Manifests.overlayWith("local", "tls"), template(List.of(), Map.of("tls.enabled", true)));
        assertSameObjects(Manifests.overlayWith("production", "tls"), template(List.of("values-production.yaml"),
                Map.of("tls.enabled", true)));
        assertSameObjects(Manifests.overlayWith("production", "tls", "gateway", "gateway-tls"),
                template(List.of("values-production.yaml"), Map.of("tls.enabled", true, "gateway.enabled", true)));
        assertSameObjects(Manifests.overlayWith("production", "monitoring"), template(List.of("values-production.yaml"),
                Map.of("monitoring.serviceMonitor", true, "monitoring.dashboard", true)));
        assertSameObjects(Manifests.overlayWith("local", "shared-state", "redis"),
                template(List.of(), Map.of("state.backend", "redis", "state.redis.mode", "single")));
    }

    /** Toggles with no kustomize counterpart: each renders objects that pass the schemas, with what the toggle asks. */
    @Test
    void everyOtherToggleRendersValidObjects() {
        var external = template(List.of("values-production.yaml"), Map.of("state.redis.mode", "external",
                "state.redis.url", "rediss://redis.example.com:6380/0", "state.redis.passwordSecret", "managed-redis"));
        assertValid(external);
        assertTrue(Manifests.ofKind(external, "StatefulSet").isEmpty(), "no Redis of its own with an external one");
        assertEquals("rediss://redis.example.com:6380/0", map(named(external, "ConfigMap", "state"), "data").get("STATE_REDIS_URL"));
        var proxied = template(List.of(), Map.of("proxyProtocol", true, "trustedProxies", "10.0.0.0/8",
                "services.counter-udp.service.type", "LoadBalancer",
                "services.counter-udp.service.externalTrafficPolicy", "Local",
                "services.echo-tcp.enabled", false, "topologySpread", true, "networkPolicies", false));
        assertValid(proxied);
        assertTrue(Manifests.ofKind(proxied, "NetworkPolicy").isEmpty());
        assertTrue(Manifests.ofKind(proxied, "Deployment").stream().noneMatch(d -> name(d).equals("echo-tcp")));
        var chat = Manifests.env(Manifests.serviceContainer(named(proxied, "Deployment", "chat")));
        assertEquals("true", chat.get("LISTENER_PROXY_PROTOCOL"));
        assertEquals("10.0.0.0/8", chat.get("CHAT_WEB_TRUSTED_PROXIES"));
        assertEquals("10.0.0.0/8", Manifests.env(Manifests.serviceContainer(named(proxied, "Deployment", "http-info"))).get("HTTP_TRUSTED_PROXIES"));
        assertFalse(Manifests.env(Manifests.serviceContainer(named(proxied, "Deployment", "counter-udp"))).containsKey("LISTENER_PROXY_PROTOCOL"),
                "UDP has no PROXY header");
        var udp = map(named(proxied, "Service", "counter-udp"), "spec");
        assertEquals("LoadBalancer", udp.get("type"));
        assertEquals("Local", udp.get("externalTrafficPolicy"));
    }

    @Test
    void aMisspeltOrWrongValueFailsTheSchema() {
        assertThrows(IllegalStateException.class, () -> template(List.of(), Map.of("services.chat.replica", 2)));
        assertThrows(IllegalStateException.class, () -> template(List.of(), Map.of("state.backend", "etcd")));
        assertThrows(IllegalStateException.class, () -> template(List.of(), Map.of("services.echo.enabled", true)));
        var missingUrl = assertThrows(IllegalStateException.class, () -> template(List.of(),
                Map.of("state.backend", "redis", "state.redis.mode", "external")));
        assertTrue(missingUrl.getMessage().contains("state.redis.url is required"), missingUrl.getMessage());
    }

    /** The Redis, monitoring and script files the chart includes are the kustomize components' own. */
    @Test
    void theIncludedFilesAreTheComponentsOwn() throws IOException {
        var pairs = Map.of(
                "files/redis-ha/configure.sh", "k8s/components/redis-ha/configure.sh",
                "files/redis-ha/statefulset.yaml", "k8s/components/redis-ha/statefulset.yaml",
                "files/redis-ha/service.yaml", "k8s/components/redis-ha/service.yaml",
                "files/redis-ha/pdb.yaml", "k8s/components/redis-ha/pdb.yaml",
                "files/redis-ha/networkpolicy.yaml", "k8s/components/redis-ha/networkpolicy.yaml",
                "files/redis/deployment.yaml", "k8s/components/redis/deployment.yaml",
                "files/redis/service.yaml", "k8s/components/redis/service.yaml",
                "files/redis/networkpolicy.yaml", "k8s/components/redis/networkpolicy.yaml",
                "files/monitoring/servicemonitor.yaml", "k8s/components/monitoring/servicemonitor.yaml",
                "files/monitoring/dashboard.json", "k8s/components/monitoring/dashboard.json");
        for (var pair : pairs.entrySet()) {
            assertEquals(Files.readString(Manifests.ROOT.resolve(pair.getValue())), Files.readString(CHART.resolve(pair.getKey())),
                    pair.getKey() + " differs from " + pair.getValue() + ": copy it again");
        }
    }

    /** helm test: a pod per enabled service, in that service's image, against a port its Service has. */
    @Test
    void testHooksCheckEveryServiceThroughItsService() throws IOException {
        var hooks = CHART.resolve("templates/tests/services-answer.yaml");
        assertTrue(Files.readString(hooks).contains("helm.sh/hook: test"));
        // helm template leaves hooks out: in a copy of the chart the test pods are plain objects.
        var copy = Files.createTempDirectory("chart").resolve("socket-suite");
        try (var files = Files.walk(CHART)) {
            for (var file : files.toList()) {
                var target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        var copied = copy.resolve("templates/tests/services-answer.yaml");
        Files.writeString(copied, Files.readString(copied).replace("helm.sh/hook: test", "socket-suite/test: hook"));
        var rendered = parse(new Helm(copy).template().withName("socket-suite").withNamespace("socket-suite")
                .set("services.unix-status.enabled", false).call());
        var tests = rendered.stream().filter(d -> "hook".equals(annotations(d).get("socket-suite/test"))).toList();
        assertEquals(4, tests.size(), "a test per enabled service");
        for (var test : tests) {
            assertValid(List.of(test));
            var container = Manifests.list(map(test, "spec"), "containers").getFirst();
            @SuppressWarnings("unchecked")
            var command = String.join(" ", (List<String>) container.get("command"));
            var service = name(test).replace("-test", "");
            assertEquals(deploymentImage(rendered, service), container.get("image"), "socket-client comes in the service's image");
            var ports = Manifests.list(map(named(rendered, "Service", service), "spec"), "ports").stream()
                    .map(port -> service + ":" + port.get("port")).toList();
            assertTrue(ports.stream().anyMatch(command::contains), command + " reaches none of " + ports);
        }
    }

    private static Object deploymentImage(List<Map<String, Object>> documents, String name) {
        return Manifests.serviceContainer(named(documents, "Deployment", name)).get("image");
    }

    private static void assertSameObjects(List<Map<String, Object>> kustomize, List<Map<String, Object>> chart) {
        var expected = comparable(kustomize.stream().filter(d -> !"Namespace".equals(d.get("kind"))).toList());
        var actual = comparable(chart.stream().filter(d -> !annotations(d).containsKey("helm.sh/hook")).toList());
        assertEquals(expected.keySet(), actual.keySet(), "objects rendered");
        for (var key : expected.keySet()) {
            @SuppressWarnings("unchecked")
            var chartObject = (Map<String, Object>) actual.get(key);
            if (((Map<?, ?>) expected.get(key)).get("labels") == null) {
                chartObject.put("labels", null); // kustomize's PDBs and autoscalers carry none; the chart's may
            }
            assertEquals(String.valueOf(expected.get(key)), String.valueOf(chartObject), key + " differs");
        }
        assertValid(chart);
    }

    private static void assertValid(List<Map<String, Object>> documents) {
        var problems = new ArrayList<String>();
        for (var document : documents) {
            SCHEMAS.violations(document).forEach(v -> problems.add(document.get("kind") + "/" + name(document) + ": " + v));
        }
        assertEquals(List.of(), problems);
    }

    /** Objects by kind/name, as what matters of them: labels without Helm's, specs and data, generated names unhashed. */
    private static Map<String, Object> comparable(List<Map<String, Object>> documents) {
        var objects = new TreeMap<String, Object>();
        for (var document : documents) {
            var object = new LinkedHashMap<String, Object>();
            object.put("labels", normalize(map(document, "metadata").get("labels")));
            for (var part : List.of("spec", "data")) {
                if (document.containsKey(part)) {
                    object.put(part, normalize(document.get(part)));
                }
            }
            objects.put(document.get("kind") + "/" + unhashed(name(document)), object);
        }
        return objects;
    }

    /** Maps sorted, Helm's labels and the pod template's annotations dropped, env and lists of named things sorted by name. */
    @SuppressWarnings("unchecked")
    private static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            var sorted = new TreeMap<String, Object>();
            map.forEach((key, item) -> {
                if (!HELM_LABELS.contains(key) && !"annotations".equals(key)) {
                    sorted.put((String) key, normalize("name".equals(key) && item instanceof String name ? unhashed(name) : item));
                }
            });
            return sorted;
        }
        if (value instanceof List<?> list) {
            var items = new ArrayList<Object>();
            list.forEach(item -> items.add(normalize(item)));
            if (!items.isEmpty() && items.stream().allMatch(item -> item instanceof Map<?, ?> m && m.get("name") instanceof String)) {
                items.sort(Comparator.comparing(item -> (String) ((Map<String, Object>) item).get("name")));
            }
            return items;
        }
        return value == null ? null : String.valueOf(value);
    }

    /** kustomize appends a content hash to generated ConfigMap names (state-84kccht9gd); the chart does not. */
    private static String unhashed(String name) {
        return name.replaceFirst("^(state|redis-ha-scripts)-[a-z0-9]{10}$", "$1");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> annotations(Map<String, Object> document) {
        var annotations = map(document, "metadata").get("annotations");
        return annotations == null ? Map.of() : (Map<String, Object>) annotations;
    }

}
