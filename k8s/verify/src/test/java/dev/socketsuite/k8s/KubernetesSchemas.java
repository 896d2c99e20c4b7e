package dev.socketsuite.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

/**
 * Validates manifests against the Kubernetes API's JSON schemas, offline. The schemas come
 * from the fabric8 kubernetes-model jars on Maven Central (generated from the API's
 * OpenAPI definitions; cert-manager's from fabric8's certmanager-model); two of their Java-oriented quirks are undone before use:
 * IntOrString and Quantity are typed as objects there (the API takes a number or a
 * string), and objects accept any extra field there (we want a misspelt field to fail).
 */
final class KubernetesSchemas {

    private static final Map<String, String[]> DEFINITIONS = Map.ofEntries(
            Map.entry("Deployment", new String[] {"kubernetes-model-apps", "kubernetes_apps_Deployment"}),
            Map.entry("StatefulSet", new String[] {"kubernetes-model-apps", "kubernetes_apps_StatefulSet"}),
            Map.entry("Service", new String[] {"kubernetes-model-core", "kubernetes_core_Service"}),
            Map.entry("ConfigMap", new String[] {"kubernetes-model-core", "kubernetes_core_ConfigMap"}),
            Map.entry("Pod", new String[] {"kubernetes-model-core", "kubernetes_core_Pod"}),
            Map.entry("Namespace", new String[] {"kubernetes-model-core", "kubernetes_core_Namespace"}),
            Map.entry("Ingress", new String[] {"kubernetes-model-networking", "kubernetes_networking_v1_Ingress"}),
            Map.entry("NetworkPolicy", new String[] {"kubernetes-model-networking", "kubernetes_networking_v1_NetworkPolicy"}),
            Map.entry("PodDisruptionBudget", new String[] {"kubernetes-model-policy", "kubernetes_policy_v1_PodDisruptionBudget"}),
            Map.entry("HorizontalPodAutoscaler", new String[] {"kubernetes-model-autoscaling", "kubernetes_autoscaling_v2_HorizontalPodAutoscaler"}),
            Map.entry("ServiceMonitor", new String[] {"openshift-model-monitoring", "os_monitoring_v1_ServiceMonitor"}),
            Map.entry("TCPRoute", new String[] {"kubernetes-model-gatewayapi", "kubernetes_sigs_gatewayapi_v1alpha2_TCPRoute"}),
            Map.entry("UDPRoute", new String[] {"kubernetes-model-gatewayapi", "kubernetes_sigs_gatewayapi_v1alpha2_UDPRoute"}),
            // TLSRoute v1 (Standard since Gateway API 1.5) kept the fields of v1alpha2, the newest schema at hand.
            Map.entry("TLSRoute", new String[] {"kubernetes-model-gatewayapi", "kubernetes_sigs_gatewayapi_v1alpha2_TLSRoute"}),
            Map.entry("BackendTLSPolicy", new String[] {"test-classes", "BackendTLSPolicy", "schema/backendtlspolicy-v1.json"}),
            Map.entry("HTTPRoute", new String[] {"kubernetes-model-gatewayapi", "kubernetes_sigs_gatewayapi_v1_HTTPRoute"}),
            Map.entry("Gateway", new String[] {"kubernetes-model-gatewayapi", "kubernetes_sigs_gatewayapi_v1_Gateway"}),
            Map.entry("Certificate", new String[] {"certmanager-model-v1",
                "github_com_cert-manager_cert-manager_pkg_apis_certmanager_v1_Certificate", "schema/certmanager-schema.json"}),
            Map.entry("Issuer", new String[] {"certmanager-model-v1",
                "github_com_cert-manager_cert-manager_pkg_apis_certmanager_v1_Issuer", "schema/certmanager-schema.json"}));
    private static final Set<String> JAVA_ONLY_KEYWORDS = Set.of("javaType", "existingJavaType", "javaInterfaces",
            "javaOmitEmpty", "serializer", "deserializer", "interfaceImpls");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, JsonSchema> schemas = new java.util.HashMap<>();

    /** Every violation in {@code document}, empty when it is valid. */
    List<String> violations(Map<String, Object> document) {
        var kind = (String) document.get("kind");
        var definition = DEFINITIONS.get(kind);
        if (definition == null) {
            return List.of("no schema known for kind " + kind);
        }
        var resource = definition.length > 2 ? definition[2] : "schema/validation-schema.json";
        var schema = schemas.computeIfAbsent(kind, k -> load(definition[0], definition[1], resource));
        var messages = new ArrayList<String>();
        schema.validate(JSON.valueToTree(document)).forEach(message -> messages.add(message.getMessage()));
        Collections.sort(messages);
        return messages;
    }

    private static JsonSchema load(String artifact, String definition, String resource) {
        var root = (ObjectNode) readSchema(artifact, resource);
        var definitions = (ObjectNode) root.get("definitions");
        var names = new ArrayList<String>();
        definitions.fieldNames().forEachRemaining(names::add);
        for (var name : names) {
            if (name.endsWith("_IntOrString") || name.endsWith("_Quantity")) {
                // Both are a number or a string on the wire (8080 or "http", 1 or "512Mi").
                definitions.set(name, JSON.createObjectNode()
                        .set("type", JSON.createArrayNode().add("integer").add("number").add("string")));
            } else {
                tighten((ObjectNode) definitions.get(name));
            }
        }
        var schema = JSON.createObjectNode();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.set("definitions", definitions);
        schema.put("$ref", "#/definitions/" + definition);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    }

    /** Turns draft-3 {@code required: true} into a draft-7 list and closes the object to unknown fields. */
    private static void tighten(ObjectNode definition) {
        JAVA_ONLY_KEYWORDS.forEach(definition::remove);
        var properties = definition.get("properties");
        if (properties == null) {
            return;
        }
        var required = JSON.createArrayNode();
        properties.fieldNames().forEachRemaining(name -> {
            var property = (ObjectNode) properties.get(name);
            if (property.path("required").asBoolean(false)) {
                required.add(name);
            }
            property.remove("required");
            JAVA_ONLY_KEYWORDS.forEach(property::remove);
        });
        if (!required.isEmpty()) {
            definition.set("required", required);
        }
        definition.put("additionalProperties", false);
    }

    private static JsonNode readSchema(String artifact, String resource) {
        try {
            var resources = KubernetesSchemas.class.getClassLoader().getResources(resource);
            while (resources.hasMoreElements()) {
                var url = resources.nextElement();
                if (url.toString().contains(artifact)) {
                    try (var in = url.openStream()) {
                        return JSON.readTree(in);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(resource + " of " + artifact + " is not on the classpath");
    }
}
