package dev.socketsuite.k8s;

import static dev.socketsuite.k8s.Manifests.list;
import static dev.socketsuite.k8s.Manifests.map;
import static dev.socketsuite.k8s.Manifests.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * components/chat-ingress on both overlays: the Ingress validates, reaches chat's web port
 * (a Service port whose target is the container's web port, open in the NetworkPolicy), and
 * gives a WebSocket the time a quiet member needs.
 */
class ChatIngressComponentTest {

    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();

    @Test
    void theIngressValidatesAndReachesChatsWebPortOnEveryOverlay() {
        var problems = new ArrayList<String>();
        for (var overlay : Manifests.OVERLAYS) {
            var documents = Manifests.overlayWith(overlay, "chat-ingress");
            var ingresses = Manifests.ofKind(documents, "Ingress");
            assertEquals(1, ingresses.size(), overlay);
            var ingress = ingresses.getFirst();
            SCHEMAS.violations(ingress).forEach(v -> problems.add(overlay + " Ingress/" + name(ingress) + ": " + v));
            var backend = map(map(list(map(list(map(ingress, "spec"), "rules").getFirst(), "http"), "paths").getFirst(),
                    "backend"), "service");
            assertEquals("chat", backend.get("name"), overlay);
            var portName = map(backend, "port").get("name");
            var service = Manifests.named(documents, "Service", "chat");
            var servicePort = list(map(service, "spec"), "ports").stream().filter(p -> portName.equals(p.get("name")))
                    .findFirst().orElseThrow(() -> new AssertionError(overlay + ": the chat Service has no port " + portName));
            var deployment = Manifests.named(documents, "Deployment", "chat");
            var container = Manifests.serviceContainer(deployment);
            var containerPort = list(container, "ports").stream().filter(p -> servicePort.get("targetPort").equals(p.get("name")))
                    .findFirst().orElseThrow(() -> new AssertionError(overlay + ": no container port " + servicePort.get("targetPort")));
            assertEquals(String.valueOf(containerPort.get("containerPort")), Manifests.env(container, documents).get("CHAT_WEB_PORT"),
                    overlay + ": the container port is where chat listens for browsers");
            assertEquals("0.0.0.0", Manifests.env(container, documents).get("CHAT_WEB_HOST"), overlay);
            var policy = Manifests.named(documents, "NetworkPolicy", "chat");
            assertTrue(list(list(map(policy, "spec"), "ingress").getFirst(), "ports").stream()
                    .anyMatch(p -> servicePort.get("targetPort").equals(p.get("port"))), overlay + ": the NetworkPolicy shuts the web port");
            @SuppressWarnings("unchecked")
            var annotations = (Map<String, String>) map(ingress, "metadata").get("annotations");
            for (var timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
                assertTrue(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/" + timeout)) >= 3600,
                        overlay + ": " + timeout + " would close a quiet WebSocket member");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The schema check above fails on a misspelt field, so its passing means something. */
    @Test
    void aMisspeltIngressFieldFailsTheSchema() {
        var ingress = new HashMap<>(Manifests.ofKind(Manifests.overlayWith("local", "chat-ingress"), "Ingress").getFirst());
        var spec = new HashMap<>(map(ingress, "spec"));
        spec.put("rule", spec.remove("rules"));
        ingress.put("spec", spec);
        assertFalse(SCHEMAS.violations(ingress).isEmpty(), "a misspelt rules passed the schema");
    }
}
