package dev.socketsuite.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.socketsuite.runtime.testing.TestCertificates;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A chat member on the TLS port is a member like any other: it hears members on the plain port and they hear it. */
class ChatTlsTest {

    @RegisterExtension
    final RunningChat chat = new RunningChat();

    @TempDir
    Path dir;

    @Test
    void tlsAndPlainMembersShareTheRoom() throws Exception {
        var certificates = TestCertificates.create(dir);
        int plainPort = chat.start(certificates.tlsSettings(Wire.freePort()));
        try (var secure = certificates.connect(chat.service().tlsPort(), certificates.clientCertificate(), certificates.clientKey());
             var plain = ChatClient.joined(plainPort)) {
            var lines = new BufferedReader(new InputStreamReader(secure.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("Hello from the socket server!", lines.readLine());
            var out = secure.getOutputStream();
            out.write("/nick alice\n".getBytes(StandardCharsets.UTF_8));
            out.write("hello from tls\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.equals("Received your message!"));
            assertEquals("Received your message!", line);
            do {
                line = plain.line();
            } while (line != null && !line.startsWith("[alice]"));
            assertEquals("[alice] hello from tls", line);
            plain.send("hello from plain");
            do {
                line = lines.readLine();
            } while (line != null && !line.endsWith("hello from plain"));
            assertEquals("hello from plain", line.substring(line.indexOf("] ") + 2));

            // /whois shows the certificate a member showed; the test's CA does not ask for one on
            // this port (client-auth none), so none was sent.
            plain.send("/whois alice");
            assertEquals("* alice has no client certificate", plain.lineStartingWith("* alice"));
            plain.send("/whois nobody");
            assertEquals("error: no member nobody here", plain.lineStartingWith("error:"));
        }
    }

    @Test
    void whoisShowsTheClientCertificatesSha256() throws Exception {
        var certificates = TestCertificates.create(dir);
        var settings = new java.util.HashMap<>(certificates.tlsSettings(Wire.freePort()));
        settings.put("listener.tls.client-auth", "optional");
        int plainPort = chat.start(settings);
        try (var secure = certificates.connect(chat.service().tlsPort(), certificates.clientCertificate(), certificates.clientKey());
             var plain = ChatClient.joined(plainPort)) {
            var lines = new BufferedReader(new InputStreamReader(secure.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("Hello from the socket server!", lines.readLine());
            secure.getOutputStream().write("/nick carol\n".getBytes(StandardCharsets.UTF_8));
            secure.getOutputStream().flush();
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.contains("carol"));
            var expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(secure.getSession().getLocalCertificates()[0].getEncoded()));
            plain.send("/whois carol");
            assertEquals("* carol has client certificate sha256 " + expected, plain.lineStartingWith("* carol has"));
        }
    }

    /** chat.web.tls: the page over https (curl, an independent client) and a member over wss (the JDK's client). */
    @Test
    void theWebPortServesHttpsAndWss() throws Exception {
        var certificates = TestCertificates.create(dir);
        int webPort = Wire.freePort();
        chat.start(java.util.Map.of("chat.web.port", String.valueOf(webPort), "chat.web.tls", "true",
                "listener.tls.cert-dir", certificates.serverDir().toString()));
        var curl = new ProcessBuilder("curl", "-sS", "--max-time", "10", "--cacert", certificates.caCertificate().toString(),
                "-o", "/dev/null", "-w", "%{http_code} %{scheme}", "https://localhost:" + webPort + "/").redirectErrorStream(true).start();
        var answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        curl.waitFor();
        assertEquals("200 HTTPS", answer.strip().toUpperCase(java.util.Locale.ROOT));

        var trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(certificates.caCertificate())) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var trustManagers = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        var received = new java.util.concurrent.LinkedBlockingQueue<String>();
        var client = java.net.http.HttpClient.newBuilder().sslContext(context).build();
        var socket = client.newWebSocketBuilder().buildAsync(java.net.URI.create("wss://localhost:" + webPort + "/ws"),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                        received.add(data.toString());
                        ws.request(1);
                        return null;
                    }
                }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            var welcome = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(welcome != null && welcome.contains("Hello from the socket server!"), String.valueOf(welcome));
        } finally {
            socket.abort();
        }
    }
}
