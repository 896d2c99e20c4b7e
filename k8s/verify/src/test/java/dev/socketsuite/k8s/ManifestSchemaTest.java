package dev.socketsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rendered object is valid against the Kubernetes API schema for its kind. */
class ManifestSchemaTest {

    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyRenderedObjectIsValid(String overlay) {
        var problems = new ArrayList<String>();
        var documents = Manifests.overlay(overlay);
        assertFalse(documents.isEmpty());
        for (var document : documents) {
            for (var violation : SCHEMAS.violations(document)) {
                problems.add(document.get("kind") + "/" + Manifests.name(document) + ": " + violation);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theValidatorCatchesMistakes() {
        var deployment = Manifests.ofKind(Manifests.overlay("local"), "Deployment").getFirst();
        var misspelt = copy(deployment);
        Manifests.map(misspelt, "spec").put("replica", 2);
        assertTrue(SCHEMAS.violations(misspelt).stream().anyMatch(v -> v.contains("replica")), "unknown field passed");

        var wrongType = copy(deployment);
        Manifests.map(wrongType, "spec").put("replicas", "three");
        assertFalse(SCHEMAS.violations(wrongType).isEmpty(), "a string replica count passed");

        var nested = Manifests.ofKind(Manifests.overlay("local"), "Deployment").getFirst();
        Manifests.serviceContainer(nested).put("readinesProbe", Map.of());
        assertTrue(SCHEMAS.violations(nested).stream().anyMatch(v -> v.contains("readinesProbe")),
                "a misspelt container field passed");

        var missingKind = copy(deployment);
        missingKind.remove("apiVersion");
        assertFalse(SCHEMAS.violations(missingKind).isEmpty(), "a missing apiVersion passed");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> document) {
        var copy = new HashMap<String, Object>();
        document.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> map ? copy((Map<String, Object>) map) : value));
        return copy;
    }
}
