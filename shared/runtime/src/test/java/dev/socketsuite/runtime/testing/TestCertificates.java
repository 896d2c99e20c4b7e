package dev.socketsuite.runtime.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.socketsuite.protocol.tls.PemFiles;
import dev.socketsuite.protocol.tls.TlsManagers;

/**
 * Certificates made for a test with Debian's {@code openssl}, which is also the independent
 * TLS client the tests use: a CA, a server certificate for {@code localhost} and
 * {@code 127.0.0.1} laid out as cert-manager's Secret mounts it ({@code tls.crt},
 * {@code tls.key}, {@code ca.crt}), and client certificates from that CA and from another.
 */
public final class TestCertificates {

    /** How the server's private key is written: the encodings cert-manager and openssl use. */
    public enum KeyKind {
        EC_PKCS8, EC_SEC1, RSA_PKCS8, RSA_PKCS1
    }

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes everything under {@code dir}; the server directory is {@link #serverDir()}. */
    public static TestCertificates create(Path dir) throws IOException {
        return create(dir, KeyKind.EC_PKCS8);
    }

    public static TestCertificates create(Path dir, KeyKind serverKey) throws IOException {
        var certificates = new TestCertificates(dir);
        Files.createDirectories(dir.resolve("server"));
        certificates.authority("ca", "test-ca");
        certificates.authority("other-ca", "other-ca");
        certificates.issue("ca", "server/tls", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1", serverKey);
        certificates.issue("ca", "client", "test-client",
                "subjectAltName=URI:spiffe://socket-suite.test/client\nextendedKeyUsage=clientAuth", KeyKind.EC_PKCS8);
        certificates.issue("other-ca", "stranger", "stranger", "extendedKeyUsage=clientAuth", KeyKind.EC_PKCS8);
        Files.copy(dir.resolve("ca.crt"), dir.resolve("server/ca.crt"));
        return certificates;
    }

    /** The directory to give {@code listener.tls.cert-dir}. */
    public Path serverDir() {
        return dir.resolve("server");
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    public Path clientCertificate() {
        return dir.resolve("client.crt");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    public Path strangerCertificate() {
        return dir.resolve("stranger.crt");
    }

    public Path strangerKey() {
        return dir.resolve("stranger.key");
    }

    /**
     * Another server pair from the same CA, in a directory of its own named {@code name}
     * (tls.crt, tls.key, ca.crt), to swap in.
     */
    public Path newServerPair(String name) throws IOException {
        Files.createDirectories(dir.resolve(name));
        issue("ca", name + "/tls", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1", KeyKind.EC_PKCS8);
        Files.copy(dir.resolve("ca.crt"), dir.resolve(name + "/ca.crt"));
        return dir.resolve(name);
    }

    /**
     * Lays {@code files} out under {@code mount} as kubelet mounts a Secret: a timestamped
     * directory, the {@code ..data} link to it, and a link per file through {@code ..data}.
     */
    public static void mountAsKubelet(Path mount, Path files) throws IOException {
        Files.createDirectories(mount);
        var version = copyVersion(mount, files);
        Files.createSymbolicLink(mount.resolve("..data"), version.getFileName());
        for (var name : List.of("tls.crt", "tls.key", "ca.crt")) {
            Files.createSymbolicLink(mount.resolve(name), Path.of("..data", name));
        }
    }

    /** Swaps {@code files} in as kubelet does: a new timestamped directory, then one rename of the ..data link. */
    public static void swapAsKubelet(Path mount, Path files) throws IOException {
        var old = Files.readSymbolicLink(mount.resolve("..data"));
        var version = copyVersion(mount, files);
        var next = mount.resolve("..data_tmp");
        Files.createSymbolicLink(next, version.getFileName());
        Files.move(next, mount.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (var stale = Files.list(mount.resolve(old))) {
            for (var file : stale.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(mount.resolve(old));
    }

    private static Path copyVersion(Path mount, Path files) throws IOException {
        var version = mount.resolve("..version_" + System.nanoTime());
        Files.createDirectories(version);
        for (var name : List.of("tls.crt", "tls.key", "ca.crt")) {
            Files.copy(files.resolve(name), version.resolve(name));
        }
        return version;
    }

    /** The settings that turn a service's TLS port on with these certificates. */
    public Map<String, String> tlsSettings(int port) {
        return Map.of("listener.tls.port", String.valueOf(port), "listener.tls.cert-dir", serverDir().toString());
    }

    /** A JDK TLS client trusting the CA, presenting {@code certificate} and {@code key} when given (PKCS#8 PEM). */
    public SSLSocket connect(int port, Path certificate, Path key) throws Exception {
        var keyManagers = certificate == null ? null
                : TlsManagers.presenting(PemFiles.privateKey(key), PemFiles.certificates(certificate));
        var context = SSLContext.getInstance("TLS");
        context.init(keyManagers, TlsManagers.trusting(PemFiles.certificates(caCertificate())), null);
        var socket = (SSLSocket) context.getSocketFactory().createSocket(new Socket("127.0.0.1", port), "localhost", port, true);
        socket.setSoTimeout(10_000);
        var parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        // The JDK sends no SNI for a host name without a dot: ask for it as curl and openssl do.
        parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName("localhost")));
        socket.setSSLParameters(parameters);
        return socket;
    }

    private void authority(String name, String subject) throws IOException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-subj", "/CN=" + subject, "-days", "2");
    }

    private void issue(String ca, String name, String subject, String extensions, KeyKind kind) throws IOException {
        var algorithm = kind == KeyKind.RSA_PKCS1 || kind == KeyKind.RSA_PKCS8
                ? List.of("-newkey", "rsa:2048") : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
        var request = new ArrayList<>(List.of("req"));
        request.addAll(algorithm);
        request.addAll(List.of("-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + subject));
        openssl(request.toArray(String[]::new));
        Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
        if (kind == KeyKind.EC_SEC1 || kind == KeyKind.RSA_PKCS1) {
            // openssl writes PKCS#8; -traditional gives SEC1 (EC) or PKCS#1 (RSA), as cert-manager does by default.
            openssl("pkey", "-in", name + ".key", "-traditional", "-out", name + ".traditional.key");
            Files.move(dir.resolve(name + ".traditional.key"), dir.resolve(name + ".key"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs openssl in the certificates' directory; a failure is an IOException with its output. */
    private void openssl(String... arguments) throws IOException {
        var command = new ArrayList<String>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        var process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            var output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
