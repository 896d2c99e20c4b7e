package dev.socketsuite.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.socketsuite.runtime.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code socket-client http} with curl's -i, -I, -v, -o and -s, against http-info. */
class CurlHabitsTest {

    private static ServiceProcess http;
    private static String base;

    @TempDir
    Path files;

    @BeforeAll
    static void startHttpInfo() throws Exception {
        http = ServiceProcess.launchJar(Path.of("../../services/http-info/target/http-info.jar"),
                Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0"));
        base = "http://127.0.0.1:" + http.awaitReady(Duration.ofSeconds(60))[0];
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void includePrintsStatusLineAndHeadersThenTheBody() {
        var run = ClientRun.of("http", "-i", base + "/about");
        assertEquals(0, run.exit(), run.err());
        var parts = run.text().split("\r\n\r\n", 2);
        assertTrue(parts[0].startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"), run.text());
        var length = Integer.parseInt(parts[0].replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        assertEquals(length, parts[1].getBytes(StandardCharsets.UTF_8).length, "the body follows the empty line");
        assertTrue(parts[1].contains("<strong>Path:</strong> /about"), parts[1]);

        var head = ClientRun.of("http", "-I", base + "/");
        assertTrue(head.text().startsWith("HTTP/1.1 200 OK\r\n") && head.text().endsWith("\r\n\r\n"), head.text());
    }

    @Test
    void verboseShowsBothHeadsOnStandardErrorAsCurlDoes() {
        var run = ClientRun.of("http", "-v", "-H", "X-Trace: 1", base + "/hello");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.text().startsWith("<!DOCTYPE html>"), "standard output holds the body only: " + run.text());
        var lines = run.err().lines().toList();
        assertTrue(lines.get(0).startsWith("*   Trying 127.0.0.1:"), run.err());
        assertTrue(lines.get(1).startsWith("* Connected to 127.0.0.1 (127.0.0.1) port "), run.err());
        assertEquals("> GET /hello HTTP/1.1", lines.get(2));
        assertTrue(lines.contains("> X-Trace: 1"), run.err());
        int requestEnd = lines.indexOf("> ");
        assertTrue(requestEnd > 2, "the request head ends with an empty '> ' line: " + run.err());
        assertEquals("< HTTP/1.1 200 OK", lines.get(requestEnd + 1));
        assertTrue(lines.contains("< Content-Type: text/html; charset=utf-8"), run.err());
        assertEquals("< ", lines.get(lines.size() - 2));
        assertEquals("* Closing connection", lines.getLast());
    }

    @Test
    void outputGoesToTheFileNamed() throws IOException {
        var file = files.resolve("page.html");
        var run = ClientRun.of("http", "-o", file.toString(), base + "/hello");
        assertEquals(0, run.exit(), run.err());
        assertEquals(0, run.out().length);
        assertTrue(Files.readString(file).contains("You are visitor #"), Files.readString(file));

        var raw = files.resolve("raw.txt");
        var notFound = ClientRun.of("http", "--raw", "--fail", "-o", raw.toString(), base + "/missing");
        assertEquals(ExitCodes.FAILED, notFound.exit());
        assertTrue(Files.readString(raw).startsWith("HTTP/1.1 404 Not Found\r\n"), Files.readString(raw));

        var missingDirectory = ClientRun.of("http", "-o", files.resolve("no/such/dir/x").toString(), base + "/");
        assertEquals(ExitCodes.IO_ERROR, missingDirectory.exit());
        assertEquals(1, missingDirectory.err().lines().count(), missingDirectory.err());
    }

    @Test
    void silentPrintsNoErrorLineButKeepsTheExitStatus() throws IOException {
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        var loud = ClientRun.of("http", "http://127.0.0.1:" + closedPort + "/");
        assertEquals(ExitCodes.REFUSED, loud.exit());
        assertTrue(loud.err().startsWith("connection refused"), loud.err());

        var quiet = ClientRun.of("http", "-s", "http://127.0.0.1:" + closedPort + "/");
        assertEquals(ExitCodes.REFUSED, quiet.exit());
        assertEquals("", quiet.err());
        assertArrayEquals(new byte[0], quiet.out());
    }

    @Test
    void badValuesAreOneLineAndExitTwo() {
        for (var args : new String[][] {
            {"http", "ftp://example.com/"},
            {"http", "-H", "no colon", base + "/"},
            {"http", "--timeout", "soon", base + "/"},
            {"http", "--no-such-flag", base + "/"}}) {
            var run = ClientRun.of(args);
            assertEquals(ExitCodes.USAGE, run.exit(), String.join(" ", args));
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("socket-client http: "), run.err());
        }
    }
}
