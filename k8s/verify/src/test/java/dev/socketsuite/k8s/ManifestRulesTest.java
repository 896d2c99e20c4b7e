package dev.socketsuite.k8s;

import static dev.socketsuite.k8s.Manifests.env;
import static dev.socketsuite.k8s.Manifests.list;
import static dev.socketsuite.k8s.Manifests.map;
import static dev.socketsuite.k8s.Manifests.name;
import static dev.socketsuite.k8s.Manifests.podSpec;
import static dev.socketsuite.k8s.Manifests.serviceContainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every rendering must say, whatever a cluster would accept: both kustomize overlays, and
 * the Helm chart with its default values, its production values and the toggles that have no
 * kustomize twin (the others are held equal to kustomize by HelmChartTest).
 */
class ManifestRulesTest {

    static List<String> renderings() {
        return List.of("local", "production", "chart", "chart production", "chart production external-redis",
                "chart proxied");
    }

    static List<String> scaledOutRenderings() {
        return List.of("production", "chart production", "chart production external-redis");
    }

    /** An overlay by name, or the chart with the values a name lists. */
    static List<Map<String, Object>> rendering(String name) {
        if (!name.startsWith("chart")) {
            return Manifests.overlay(name);
        }
        var values = name.contains("production") ? List.of("values-production.yaml") : List.<String>of();
        var set = new java.util.HashMap<String, Object>();
        if (name.contains("external-redis")) {
            set.putAll(Map.of("state.redis.mode", "external", "state.redis.url", "rediss://redis.example.com:6380/0",
                    "state.redis.passwordSecret", "managed-redis"));
        }
        if (name.contains("proxied")) {
            set.putAll(Map.of("proxyProtocol", true, "trustedProxies", "10.0.0.0/8", "topologySpread", true,
                    "services.counter-udp.service.type", "LoadBalancer",
                    "services.counter-udp.service.externalTrafficPolicy", "Local"));
        }
        return HelmChartTest.template(values, set);
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceHasADeploymentServiceAndNetworkPolicy(String overlay) {
        var documents = rendering(overlay);
        for (var kind : List.of("Deployment", "Service", "NetworkPolicy")) {
            var names = Manifests.ofKind(documents, kind).stream().map(Manifests::name).collect(Collectors.toSet());
            assertTrue(names.containsAll(Manifests.SERVICES), kind + ": " + names);
            names.removeAll(Manifests.SERVICES);
            assertTrue(Set.of("redis", "redis-ha").containsAll(names), kind + ": unexpected " + names);
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void podsMeetTheRestrictedPodSecurityStandard(String overlay) {
        for (var deployment : Manifests.ofKind(rendering(overlay), "Deployment")) {
            var pod = podSpec(deployment);
            var podSecurity = map(pod, "securityContext");
            assertEquals(true, podSecurity.get("runAsNonRoot"), name(deployment));
            assertEquals("RuntimeDefault", map(podSecurity, "seccompProfile").get("type"), name(deployment));
            for (var container : list(pod, "containers")) {
                var where = name(deployment) + "/" + container.get("name");
                var security = map(container, "securityContext");
                assertEquals(false, security.get("allowPrivilegeEscalation"), where);
                assertEquals(true, security.get("readOnlyRootFilesystem"), where);
                assertEquals(List.of("ALL"), map(security, "capabilities").get("drop"), where);
                var mounts = list(container, "volumeMounts").stream().map(m -> m.get("mountPath")).toList();
                assertTrue(mounts.contains("/tmp"), where + ": the JVM needs a writable /tmp");
                assertNotNull(map(map(container, "resources"), "limits").get("memory"), where + ": no memory limit");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void probesAndGracePeriodFitTheService(String overlay) {
        for (var deployment : services(rendering(overlay))) {
            var container = serviceContainer(deployment);
            assertEquals("/observe/health/started", probePath(container, "startupProbe"), name(deployment));
            assertEquals("/observe/health/ready", probePath(container, "readinessProbe"), name(deployment));
            assertEquals("/observe/health/live", probePath(container, "livenessProbe"), name(deployment));
            var startup = map(container, "startupProbe");
            int startupBudget = (Integer) startup.get("periodSeconds") * (Integer) startup.get("failureThreshold");
            assertTrue(startupBudget >= 60, name(deployment) + ": a JVM start needs more than " + startupBudget + " s");

            var env = env(container);
            assertEquals("0.0.0.0", env.get("LISTENER_HOST"), name(deployment) + " must listen on the pod IP");
            assertEquals("0.0.0.0", env.get("SERVER_HOST"), name(deployment) + " health must be reachable by the kubelet");
            double drain = Manifests.seconds(env.get("SHUTDOWN_DELAY")) + Manifests.seconds(env.get("SHUTDOWN_GRACE"));
            var grace = (Integer) podSpec(deployment).get("terminationGracePeriodSeconds");
            assertTrue(grace > drain, name(deployment) + ": terminationGracePeriodSeconds " + grace
                    + " must exceed shutdown.delay + shutdown.grace = " + drain);
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void replicasShareTheirStateOrThereIsOnlyOne(String overlay) {
        var documents = rendering(overlay);
        for (var deployment : services(documents)) {
            int most = Manifests.replicaRange(deployment, documents)[1];
            if (most > 1 && Manifests.STATEFUL.contains(name(deployment))) {
                assertEquals("redis", env(serviceContainer(deployment), documents).get("STATE_BACKEND"),
                        name(deployment) + ": replicas on their own state would repeat numbers or split the room");
            }
        }
    }

    @Test
    void productionScalesOutOnRedisAndLocalStaysInMemory() {
        var production = Manifests.overlay("production");
        for (var deployment : services(production)) {
            assertTrue(Manifests.replicaRange(deployment, production)[0] >= 2, name(deployment) + " may run one pod");
        }
        var local = Manifests.overlay("local");
        for (var deployment : services(local)) {
            var backend = env(serviceContainer(deployment), local).getOrDefault("STATE_BACKEND", "memory");
            assertEquals("memory", backend, name(deployment) + ": the local overlay needs nothing but the services");
        }
        assertTrue(Manifests.ofKind(local, "Deployment").stream().noneMatch(d -> "redis".equals(name(d))));
    }

    private static List<Map<String, Object>> services(List<Map<String, Object>> documents) {
        return Manifests.ofKind(documents, "Deployment").stream()
                .filter(d -> Manifests.SERVICES.contains(name(d))).toList();
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void standardLabelsAndSelectorsMatch(String overlay) {
        var documents = rendering(overlay);
        var workloads = new java.util.ArrayList<>(Manifests.ofKind(documents, "Deployment"));
        workloads.addAll(Manifests.ofKind(documents, "StatefulSet"));
        for (var deployment : workloads) {
            var labels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
            assertEquals(name(deployment), labels.get("app.kubernetes.io/name"));
            assertEquals("socket-suite", labels.get("app.kubernetes.io/part-of"));
            assertNotNull(labels.get("app.kubernetes.io/component"));
            var selector = map(map(map(deployment, "spec"), "selector"), "matchLabels");
            assertTrue(labels.entrySet().containsAll(selector.entrySet()), name(deployment));
        }
        var selectors = workloads.stream().collect(Collectors.toMap(Manifests::name,
                d -> map(map(map(d, "spec"), "selector"), "matchLabels")));
        for (var policy : Manifests.ofKind(documents, "NetworkPolicy")) {
            assertEquals(selectors.get(name(policy)), map(map(map(policy, "spec"), "podSelector"), "matchLabels"),
                    name(policy) + ": a policy must select exactly its service's pods");
        }
    }

    @ParameterizedTest
    @MethodSource("scaledOutRenderings")
    void scaledOutServicesHaveADisruptionBudget(String overlay) {
        var documents = rendering(overlay);
        var budgets = Manifests.ofKind(documents, "PodDisruptionBudget").stream().map(Manifests::name)
                .collect(Collectors.toSet());
        for (var deployment : Manifests.ofKind(documents, "Deployment")) {
            if (Manifests.replicaRange(deployment, documents)[1] > 1) {
                assertTrue(budgets.contains(name(deployment)), name(deployment) + " has no PodDisruptionBudget");
            }
        }
    }

    @Test
    void autoscalersOwnTheirCountsAndScaleOnCpuTheyCanMeasure() {
        var production = Manifests.overlay("production");
        var deployments = Manifests.ofKind(production, "Deployment").stream()
                .collect(Collectors.toMap(Manifests::name, d -> d));
        var scaled = new java.util.HashSet<String>();
        for (var autoscaler : Manifests.ofKind(production, "HorizontalPodAutoscaler")) {
            var spec = map(autoscaler, "spec");
            var target = (String) map(spec, "scaleTargetRef").get("name");
            var deployment = deployments.get(target);
            assertNotNull(deployment, name(autoscaler) + " scales a Deployment that does not exist: " + target);
            scaled.add(target);
            assertTrue(!map(deployment, "spec").containsKey("replicas"),
                    target + ": spec.replicas would be reset by every apply under an autoscaler");
            assertTrue((Integer) spec.get("maxReplicas") > (Integer) spec.get("minReplicas"), name(autoscaler));
            for (var metric : list(spec, "metrics")) {
                var resource = (String) map(metric, "resource").get("name");
                assertNotNull(map(map(serviceContainer(deployment), "resources"), "requests").get(resource),
                        target + ": utilization of " + resource + " needs a request to measure against");
            }
        }
        assertEquals(Set.of("echo-tcp", "http-info", "counter-udp", "chat"), scaled);
    }

    @Test
    void productionSpreadsEachServiceOverNodesAndZones() {
        for (var deployment : services(Manifests.overlay("production"))) {
            var constraints = list(podSpec(deployment), "topologySpreadConstraints");
            var keys = constraints.stream().map(c -> c.get("topologyKey")).collect(Collectors.toSet());
            assertEquals(Set.of("kubernetes.io/hostname", "topology.kubernetes.io/zone"), keys, name(deployment));
            var podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
            for (var constraint : constraints) {
                var selected = map(map(constraint, "labelSelector"), "matchLabels");
                assertTrue(podLabels.entrySet().containsAll(selected.entrySet()),
                        name(deployment) + ": a spread constraint must count its own pods, not " + selected);
                assertEquals("ScheduleAnyway", constraint.get("whenUnsatisfiable"),
                        name(deployment) + ": a small cluster must still run every replica");
            }
        }
    }

    private static String probePath(Map<String, Object> container, String probe) {
        var httpGet = map(map(container, probe), "httpGet");
        assertEquals("health", httpGet.get("port"), probe + " must use the named health port");
        return (String) httpGet.get("path");
    }
}
