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
 * components/gateway on both overlays: its routes validate against Gateway API's schemas,
 * each points at a Service port of its own protocol, and each attaches to a listener of that
 * protocol on the example Gateway.
 */
class GatewayComponentTest {

    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();
    private static final Set<String> ROUTES = Set.of("TCPRoute", "UDPRoute", "HTTPRoute");
    /** The Service port protocol and the Gateway listener protocol each kind of route needs. */
    private static final Map<String, String[]> PROTOCOLS = Map.of(
            "TCPRoute", new String[] {"TCP", "TCP"},
            "UDPRoute", new String[] {"UDP", "UDP"},
            "HTTPRoute", new String[] {"TCP", "HTTP"});

    private static List<Map<String, Object>> routed(String overlay) {
        return Manifests.overlayWith(overlay, "gateway");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> exampleGateway() throws IOException {
        return (Map<String, Object>) new Yaml().load(
                Files.readString(Manifests.ROOT.resolve("k8s/components/gateway/example-gateway.yaml")));
    }

    private static List<Map<String, Object>> routes(List<Map<String, Object>> documents) {
        return documents.stream().filter(d -> ROUTES.contains(d.get("kind"))).toList();
    }

    @Test
    void everyRouteAndTheExampleGatewayValidate() throws IOException {
        var problems = new ArrayList<String>();
        for (var overlay : Manifests.OVERLAYS) {
            var documents = routed(overlay);
            assertEquals(5, routes(documents).size(), overlay + ": a route per protocol endpoint");
            for (var document : documents) {
                SCHEMAS.violations(document).forEach(v -> problems.add(overlay + " " + document.get("kind") + "/"
                        + name(document) + ": " + v));
            }
        }
        SCHEMAS.violations(exampleGateway()).forEach(v -> problems.add("example Gateway: " + v));
        assertEquals(List.of(), problems);
    }

    /** The check that passes above fails on a misspelt field, so its passing means something. */
    @Test
    void aMisspeltRouteFieldFailsTheSchema() throws IOException {
        var route = new HashMap<>(routes(routed("local")).getFirst());
        var spec = new HashMap<>(map(route, "spec"));
        spec.put("parentRef", spec.remove("parentRefs"));
        route.put("spec", spec);
        assertFalse(SCHEMAS.violations(route).isEmpty(), "a misspelt parentRefs passed the schema");
    }

    @Test
    void eachRoutePointsAtAServicePortOfItsProtocolAndAListenerOfItsKind() throws IOException {
        var listeners = new HashMap<String, Map<String, Object>>();
        for (var listener : list(map(exampleGateway(), "spec"), "listeners")) {
            listeners.put((String) listener.get("name"), listener);
        }
        for (var overlay : Manifests.OVERLAYS) {
            var documents = routed(overlay);
            var services = new HashMap<String, Map<String, Object>>();
            Manifests.ofKind(documents, "Service").forEach(service -> services.put(name(service), service));
            for (var route : routes(documents)) {
                var kind = (String) route.get("kind");
                var where = overlay + " " + kind + "/" + name(route);
                var spec = map(route, "spec");
                for (var parent : list(spec, "parentRefs")) {
                    assertEquals("socket-suite", parent.get("name"), where);
                    var listener = listeners.get((String) parent.get("sectionName"));
                    assertTrue(listener != null, where + ": no listener " + parent.get("sectionName"));
                    assertEquals(PROTOCOLS.get(kind)[1], listener.get("protocol"), where + ": listener protocol");
                    var allowed = list(map(listener, "allowedRoutes"), "kinds").stream().map(k -> k.get("kind")).toList();
                    assertTrue(allowed.contains(kind), where + ": the listener does not allow " + kind);
                }
                for (var rule : list(spec, "rules")) {
                    for (var backend : list(rule, "backendRefs")) {
                        var service = services.get((String) backend.get("name"));
                        assertTrue(service != null, where + ": no Service " + backend.get("name"));
                        var port = list(map(service, "spec"), "ports").stream()
                                .filter(p -> backend.get("port").equals(p.get("port"))).findFirst();
                        assertTrue(port.isPresent(), where + ": Service " + backend.get("name") + " has no port "
                                + backend.get("port"));
                        assertEquals(PROTOCOLS.get(kind)[0], port.get().getOrDefault("protocol", "TCP"), where);
                        assertFalse("health".equals(port.get().get("name")), where + ": routes the health port");
                    }
                }
            }
        }
    }
}
