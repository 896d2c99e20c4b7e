package dev.socketsuite.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.Yaml;

/**
 * The manifests as the cluster receives them: rendered by {@code kubectl kustomize} and
 * read with SnakeYAML, plus small typed accessors for the fields the tests read.
 */
final class Manifests {

    /** The repository root, seen from this module's directory (where Maven runs the tests). */
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final List<String> OVERLAYS = List.of("local", "production");
    static final List<String> SERVICES = List.of("echo-tcp", "counter-udp", "unix-status", "chat", "http-info");
    /** The services with state that replicas must share: numbered replies, the chat room. */
    static final List<String> STATEFUL = List.of("echo-tcp", "counter-udp", "http-info", "chat");

    private Manifests() {
    }

    /** Renders {@code k8s/overlays/NAME}; fails clearly when kubectl is not installed. */
    static List<Map<String, Object>> overlay(String name) {
        return render(ROOT.resolve("k8s/overlays").resolve(name));
    }

    /** Renders {@code k8s/overlays/OVERLAY} with {@code k8s/components/COMPONENT} added, as an operator adds it. */
    static List<Map<String, Object>> overlayWith(String overlay, String... components) {
        var dir = ROOT.resolve("k8s/verify/target/" + overlay + "-with-" + String.join("-", components));
        var list = new StringBuilder();
        for (var component : components) {
            list.append("  - ../../../components/").append(component).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kustomization.yaml"), """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    namespace: socket-suite
                    resources:
                      - ../../../overlays/%s
                    components:
                    %s""".formatted(overlay, list));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return render(dir);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(Path kustomization) {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render the manifests (kubectl kustomize) and was not found", e);
        }
        try {
            var yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + kustomization + " failed");
            }
            var documents = new ArrayList<Map<String, Object>>();
            for (var document : new Yaml().loadAll(yaml)) {
                documents.add((Map<String, Object>) document);
            }
            return documents;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The one object of {@code kind} named {@code name}; fails the test when there is none. */
    static Map<String, Object> named(List<Map<String, Object>> documents, String kind, String name) {
        return ofKind(documents, kind).stream().filter(d -> name.equals(name(d))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    static String name(Map<String, Object> document) {
        return (String) map(document, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        var value = parent.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        var value = parent.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    /**
     * The fewest and most pods a Deployment may run: its HorizontalPodAutoscaler's bounds when
     * one targets it, else its fixed {@code spec.replicas} (1 when unset).
     */
    static int[] replicaRange(Map<String, Object> deployment, List<Map<String, Object>> documents) {
        for (var autoscaler : ofKind(documents, "HorizontalPodAutoscaler")) {
            var spec = map(autoscaler, "spec");
            var target = map(spec, "scaleTargetRef");
            if ("Deployment".equals(target.get("kind")) && name(deployment).equals(target.get("name"))) {
                return new int[] {(Integer) spec.getOrDefault("minReplicas", 1), (Integer) spec.get("maxReplicas")};
            }
        }
        int replicas = (Integer) map(deployment, "spec").getOrDefault("replicas", 1);
        return new int[] {replicas, replicas};
    }

    /** {@code spec.template.spec} of a Deployment. */
    static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(map(map(deployment, "spec"), "template"), "spec");
    }

    /** The container named like the Deployment: the service itself, not a sidecar. */
    static Map<String, Object> serviceContainer(Map<String, Object> deployment) {
        return list(podSpec(deployment), "containers").stream()
                .filter(c -> name(deployment).equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name(deployment) + " has no container named like it"));
    }

    /** A container's env as a map of its literal values; variables taken from elsewhere are left out. */
    static Map<String, String> env(Map<String, Object> container) {
        var env = new java.util.LinkedHashMap<String, String>();
        for (var variable : list(container, "env")) {
            if (variable.containsKey("value")) {
                env.put((String) variable.get("name"), String.valueOf(variable.get("value")));
            }
        }
        return env;
    }

    /**
     * A container's env as the kubelet hands it over: literal values, ConfigMap keys looked up
     * in the rendered {@code documents} (a missing map or key fails), and Secret keys, which an
     * operator creates beside the manifests, replaced by {@link #secretStandIn}.
     */
    static Map<String, String> env(Map<String, Object> container, List<Map<String, Object>> documents) {
        var env = new java.util.LinkedHashMap<String, String>();
        for (var variable : list(container, "env")) {
            var name = (String) variable.get("name");
            var from = map(variable, "valueFrom");
            if (from.isEmpty()) {
                env.put(name, String.valueOf(variable.get("value")));
            } else if (from.containsKey("configMapKeyRef")) {
                var ref = map(from, "configMapKeyRef");
                var configMap = ofKind(documents, "ConfigMap").stream().filter(c -> ref.get("name").equals(name(c)))
                        .findFirst().orElseThrow(() -> new AssertionError(name + ": no ConfigMap " + ref.get("name")));
                var value = map(configMap, "data").get(ref.get("key"));
                if (value == null) {
                    throw new AssertionError(name + ": ConfigMap " + ref.get("name") + " has no key " + ref.get("key"));
                }
                env.put(name, (String) value);
            } else if (from.containsKey("secretKeyRef")) {
                var ref = map(from, "secretKeyRef");
                env.put(name, secretStandIn((String) ref.get("name"), (String) ref.get("key")));
            } else if (from.containsKey("fieldRef")) {
                env.put(name, "field-" + map(from, "fieldRef").get("fieldPath")); // the downward API's, set per pod
            } else {
                throw new AssertionError(name + ": unsupported valueFrom " + from.keySet());
            }
        }
        return env;
    }

    /** The value the tests give a Secret's key: the same for every reference to it. */
    static String secretStandIn(String secret, String key) {
        return "test-" + secret + "-" + key;
    }

    /** Seconds in a duration such as {@code 5s}, {@code 500ms} or {@code 2m}. */
    static double seconds(String duration) {
        if (duration.endsWith("ms")) {
            return Double.parseDouble(duration.substring(0, duration.length() - 2)) / 1000;
        }
        double amount = Double.parseDouble(duration.substring(0, duration.length() - 1));
        return duration.endsWith("m") ? amount * 60 : amount;
    }
}
