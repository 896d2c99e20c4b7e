package dev.socketsuite.k8s;

import static dev.socketsuite.k8s.Manifests.list;
import static dev.socketsuite.k8s.Manifests.map;
import static dev.socketsuite.k8s.Manifests.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * components/gateway-tls beside components/gateway and components/tls, on both overlays: each
 * TLSRoute passes its SNI names through to a service's TLS port whose certificate carries
 * them, and http-info's HTTPRoute reaches its TLS port under a BackendTLSPolicy whose hostname
 * that certificate carries too, so a Gateway that follows them gets a verified handshake.
 */
class GatewayTlsComponentTest {

    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();

    private static List<Map<String, Object>> rendered(String overlay) {
        return Manifests.overlayWith(overlay, "tls", "gateway", "gateway-tls");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> exampleListeners() throws IOException {
        var gateway = (Map<String, Object>) new Yaml().load(
                Files.readString(Manifests.ROOT.resolve("k8s/components/gateway/example-gateway.yaml")));
        var listeners = new HashMap<String, Map<String, Object>>();
        list(map(gateway, "spec"), "listeners").forEach(listener -> listeners.put((String) listener.get("name"), listener));
        return listeners;
    }

    @SuppressWarnings("unchecked")
    private static List<String> dnsNames(List<Map<String, Object>> documents, String service) {
        return (List<String>) map(Manifests.named(documents, "Certificate", service), "spec").get("dnsNames");
    }

    private static Map<String, Object> servicePort(List<Map<String, Object>> documents, String service, Object port) {
        return list(map(Manifests.named(documents, "Service", service), "spec"), "ports").stream()
                .filter(p -> port.equals(p.get("port")) || port.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("Service " + service + " has no port " + port));
    }

    @Test
    void everyObjectValidates() {
        var problems = new ArrayList<String>();
        for (var overlay : Manifests.OVERLAYS) {
            for (var document : rendered(overlay)) {
                SCHEMAS.violations(document).forEach(v -> problems.add(overlay + " " + document.get("kind") + "/"
                        + name(document) + ": " + v));
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The policy's schema is the project's own, so show it refuses what v1 does not have. */
    @Test
    void aBackendTlsPolicyOfAnEarlierShapeFailsTheSchema() {
        var policy = new HashMap<>(Manifests.named(rendered("local"), "BackendTLSPolicy", "http-info"));
        var spec = new HashMap<>(map(policy, "spec"));
        spec.put("targetRef", list(spec, "targetRefs").getFirst());
        spec.remove("targetRefs");
        policy.put("spec", spec);
        assertFalse(SCHEMAS.violations(policy).isEmpty(), "v1alpha2's targetRef passed as v1");
    }

    @Test
    void eachTlsRoutePassesItsCertificatesNamesToATlsPort() throws IOException {
        var listeners = exampleListeners();
        for (var overlay : Manifests.OVERLAYS) {
            var documents = rendered(overlay);
            var routes = Manifests.ofKind(documents, "TLSRoute");
            assertEquals(Set.of("echo-tcp", "http-info"), Set.copyOf(routes.stream().map(Manifests::name).toList()), overlay);
            for (var route : routes) {
                var where = overlay + " TLSRoute/" + name(route);
                var spec = map(route, "spec");
                for (var parent : list(spec, "parentRefs")) {
                    var listener = listeners.get((String) parent.get("sectionName"));
                    assertEquals("TLS", listener.get("protocol"), where);
                    assertEquals("Passthrough", map(listener, "tls").get("mode"), where + ": the service terminates TLS itself");
                    assertTrue(list(map(listener, "allowedRoutes"), "kinds").stream().anyMatch(k -> "TLSRoute".equals(k.get("kind"))),
                            where);
                }
                var backend = list(list(spec, "rules").getFirst(), "backendRefs").getFirst();
                var service = (String) backend.get("name");
                assertEquals("tls", servicePort(documents, service, backend.get("port")).get("name"), where);
                @SuppressWarnings("unchecked")
                var hostnames = (List<String>) spec.get("hostnames");
                assertFalse(hostnames.isEmpty(), where + ": passthrough routes by SNI");
                assertTrue(dnsNames(documents, service).containsAll(hostnames),
                        where + ": the service's certificate does not carry " + hostnames);
            }
        }
    }

    @Test
    void httpInfosRouteReachesItsTlsPortUnderTheBackendTlsPolicy() {
        for (var overlay : Manifests.OVERLAYS) {
            var documents = rendered(overlay);
            var backend = list(list(map(Manifests.named(documents, "HTTPRoute", "http-info"), "spec"), "rules").getFirst(),
                    "backendRefs").getFirst();
            assertEquals("tls", servicePort(documents, "http-info", backend.get("port")).get("name"), overlay);

            var policy = map(Manifests.named(documents, "BackendTLSPolicy", "http-info"), "spec");
            assertEquals("gateway.networking.k8s.io/v1",
                    Manifests.named(documents, "BackendTLSPolicy", "http-info").get("apiVersion"), overlay);
            var target = list(policy, "targetRefs").getFirst();
            assertEquals(List.of("", "Service", "http-info"), List.of(target.get("group"), target.get("kind"), target.get("name")));
            servicePort(documents, "http-info", target.get("sectionName"));
            var validation = map(policy, "validation");
            assertTrue(dnsNames(documents, "http-info").contains((String) validation.get("hostname")),
                    overlay + ": the Gateway would verify a name the certificate does not carry");
            var ca = list(validation, "caCertificateRefs").getFirst();
            assertEquals(List.of("", "ConfigMap", "socket-suite-ca"), List.of(ca.get("group"), ca.get("kind"), ca.get("name")));
        }
    }

    /** Without the gateway-tls component, http-info's HTTPRoute stays on its plain port. */
    @Test
    void theGatewayComponentAloneRoutesThePlainPort() {
        var documents = Manifests.overlayWith("local", "tls", "gateway");
        var backend = list(list(map(Manifests.named(documents, "HTTPRoute", "http-info"), "spec"), "rules").getFirst(),
                "backendRefs").getFirst();
        assertEquals(8000, backend.get("port"));
        assertTrue(Manifests.ofKind(documents, "TLSRoute").isEmpty());
    }
}
