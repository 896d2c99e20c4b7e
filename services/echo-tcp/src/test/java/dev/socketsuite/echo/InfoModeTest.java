package dev.socketsuite.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.TestCertificates;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** echo.mode=info: the conformance backend's line protocol, on the plain port and the TLS one. */
class InfoModeTest {

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(dir);
        var settings = new HashMap<>(certificates.tlsSettings(Wire.freePort()));
        settings.putAll(Map.of("echo.mode", "info", "echo.max-message", "64"));
        service = TestServices.start("echo-tcp", EchoService::listener, settings);
    }

    @AfterAll
    static void stop() {
        service.shutdown();
    }

    @Test
    void thePlainPortAnswersEachCommand() throws Exception {
        try (var socket = Wire.connect(service.listenerPort())) {
            var lines = reader(socket);
            assertEquals(InfoExchange.BANNER, lines.readLine());
            assertEquals("PONG", ask(socket, lines, "PING"));
            assertEquals("false", ask(socket, lines, "is_tls"));
            var test = ask(socket, lines, "TEST");
            assertTrue(test.contains("\"client\":\"127.0.0.1:" + socket.getLocalPort() + "\""), test);
            assertTrue(test.contains("\"tls\":null"), test);
            assertEquals("ERROR unknown command", ask(socket, lines, "HELLO"));
            assertEquals("ERROR line too long", ask(socket, lines, "X".repeat(100)));
            socket.getOutputStream().write("QUIT\n".getBytes(StandardCharsets.US_ASCII));
            assertNull(lines.readLine(), "QUIT closes");
        }
    }

    @Test
    void theTlsPortShowsTheHandshake() throws Exception {
        try (var socket = certificates.connect(service.tlsPort(), certificates.clientCertificate(), certificates.clientKey())) {
            var lines = reader(socket);
            assertEquals(InfoExchange.BANNER, lines.readLine());
            assertEquals("true", ask(socket, lines, "IS_TLS"));
            var test = ask(socket, lines, "TEST");
            assertTrue(test.contains("\"serverName\":\"localhost\""), test);
            assertTrue(test.contains("\"version\":\"TLSv1.3\""), test);
            assertTrue(test.matches(".*\"ja4\":\"t13d[^\"]+\".*"), test);
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String ask(Socket socket, BufferedReader lines, String command) throws IOException {
        socket.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return lines.readLine();
    }
}
