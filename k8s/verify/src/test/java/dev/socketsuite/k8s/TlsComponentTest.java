package dev.socketsuite.k8s;

import static dev.socketsuite.k8s.Manifests.list;
import static dev.socketsuite.k8s.Manifests.map;
import static dev.socketsuite.k8s.Manifests.name;
import static dev.socketsuite.k8s.Manifests.podSpec;
import static dev.socketsuite.k8s.Manifests.serviceContainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.socketsuite.runtime.testing.ServiceProcess;
import dev.socketsuite.runtime.testing.TestCertificates;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * components/tls on both overlays: cert-manager's objects and the patched workloads
 * validate; each TLS service mounts its Certificate's Secret as a directory where its env
 * says, and opens the TLS port in its Service and NetworkPolicy; and each service jar, run
 * with exactly that env on a directory laid out as kubelet mounts the Secret, serves TLS.
 */
class TlsComponentTest {

    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();
    private static final List<String> TLS_SERVICES = List.of("echo-tcp", "chat", "http-info");

    @TempDir
    Path dir;

    @Test
    void everyObjectValidates() {
        var problems = new ArrayList<String>();
        for (var overlay : Manifests.OVERLAYS) {
            for (var document : Manifests.overlayWith(overlay, "tls")) {
                SCHEMAS.violations(document).forEach(v -> problems.add(overlay + " " + document.get("kind") + "/"
                        + name(document) + ": " + v));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void eachServiceMountsItsCertificatesSecretAndOpensItsTlsPort() {
        for (var overlay : Manifests.OVERLAYS) {
            var documents = Manifests.overlayWith(overlay, "tls");
            var issuers = Manifests.ofKind(documents, "Issuer").stream().map(Manifests::name).toList();
            var caSecret = (String) map(Manifests.named(documents, "Issuer", "socket-suite-ca"), "spec").entrySet().stream()
                    .filter(entry -> entry.getKey().equals("ca")).map(entry -> ((Map<?, ?>) entry.getValue()).get("secretName"))
                    .findFirst().orElseThrow();
            assertEquals("socket-suite-ca", map(Manifests.named(documents, "Certificate", "socket-suite-ca"), "spec")
                    .get("secretName"), "the CA issuer signs with the CA certificate's Secret");
            assertEquals("socket-suite-ca", caSecret);
            for (var service : TLS_SERVICES) {
                var where = overlay + " " + service;
                var certificate = map(Manifests.named(documents, "Certificate", service), "spec");
                assertTrue(issuers.contains((String) map(certificate, "issuerRef").get("name")), where + ": no such issuer");
                @SuppressWarnings("unchecked")
                var dnsNames = (List<String>) certificate.get("dnsNames");
                assertTrue(dnsNames.contains(service), where + ": the certificate does not name the Service");

                var deployment = Manifests.named(documents, "Deployment", service);
                var container = serviceContainer(deployment);
                var env = Manifests.env(container);
                var tlsPort = list(container, "ports").stream().filter(port -> "tls".equals(port.get("name")))
                        .map(port -> (Integer) port.get("containerPort")).findFirst().orElseThrow();
                assertEquals(String.valueOf(tlsPort), env.get("LISTENER_TLS_PORT"), where);
                var mount = list(container, "volumeMounts").stream()
                        .filter(m -> env.get("LISTENER_TLS_CERT_DIR").equals(m.get("mountPath"))).findFirst().orElseThrow();
                assertFalse(mount.containsKey("subPath"), where + ": a subPath mount is never updated by kubelet");
                assertEquals(Boolean.TRUE, mount.get("readOnly"), where);
                var volume = list(podSpec(deployment), "volumes").stream().filter(v -> mount.get("name").equals(v.get("name")))
                        .findFirst().orElseThrow();
                assertEquals(certificate.get("secretName"), map(volume, "secret").get("secretName"), where);

                var servicePort = list(map(Manifests.named(documents, "Service", service), "spec"), "ports").stream()
                        .filter(port -> "tls".equals(port.get("name"))).findFirst().orElseThrow();
                assertEquals(tlsPort, servicePort.get("port"), where);
                var allowed = list(map(Manifests.named(documents, "NetworkPolicy", service), "spec"), "ingress").getFirst();
                assertTrue(list(allowed, "ports").stream().anyMatch(port -> "tls".equals(port.get("port"))),
                        where + ": the NetworkPolicy does not admit the TLS port");
            }
        }
    }

    /** The env of the local overlay's Deployments (state in memory), on a kubelet-style mount of cert-manager's files. */
    @Test
    void eachServiceServesTlsWithItsManifestsEnvironment() throws Exception {
        // cert-manager writes an ECDSA key in SEC1 ("EC PRIVATE KEY") unless told otherwise.
        var certificates = TestCertificates.create(dir.resolve("pki"), TestCertificates.KeyKind.EC_SEC1);
        var documents = Manifests.overlayWith("local", "tls");
        for (var service : TLS_SERVICES) {
            var container = serviceContainer(Manifests.named(documents, "Deployment", service));
            var env = new HashMap<>(Manifests.env(container, documents));
            var mount = dir.resolve(service + "-mount");
            TestCertificates.mountAsKubelet(mount, certificates.serverDir());
            int tlsPort = Wire.freePort();
            env.putAll(Map.of("LISTENER_HOST", "127.0.0.1", "SERVER_HOST", "127.0.0.1", "LISTENER_PORT", "0",
                    "SERVER_PORT", "0", "CHAT_WEB_PORT", "0", "LISTENER_TLS_PORT", String.valueOf(tlsPort),
                    "LISTENER_TLS_CERT_DIR", mount.toString()));
            try (var process = ServiceProcess.launchJar(ServiceJar.of(service).jar(), env)) {
                process.awaitReady(Duration.ofSeconds(60));
                try (var socket = certificates.connect(tlsPort, null, null)) {
                    socket.startHandshake();
                    var served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                    assertEquals("CN=localhost", served.getSubjectX500Principal().getName(), service);
                }
                assertNotNull(process.output().stream().filter(line -> line.contains("tls://127.0.0.1:" + tlsPort))
                        .findFirst().orElse(null), service + " did not say where its TLS port listens");
            }
        }
    }
}
