package dev.socketsuite.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code socket-client scan}: JSON, service names, --top-ports and the elapsed time, on loopback. */
class ScanOutputTest {

    @Test
    void jsonListsTheOpenPortsWithTheirNames() throws IOException {
        try (var first = listener(); var second = listener()) {
            int closed = closedPort();
            var ports = first.getLocalPort() + "," + second.getLocalPort() + "," + closed;
            var run = ClientRun.of("scan", "127.0.0.1", ports, "--json");
            assertEquals(0, run.exit(), run.err());
            assertEquals(1, run.text().lines().count(), run.text());
            var report = new ObjectMapper().readTree(run.text());
            assertEquals("127.0.0.1", report.get("host").asText());
            assertEquals("tcp", report.get("protocol").asText());
            assertEquals(3, report.get("scanned").asInt());
            assertEquals(1, report.get("closed").asInt());
            assertEquals(0, report.get("filtered").asInt());
            assertTrue(report.get("elapsed_s").asDouble() >= 0, run.text());
            var open = new ArrayList<Integer>();
            for (var port : report.get("open")) {
                open.add(port.get("port").asInt());
                assertEquals(ServiceNames.of(port.get("port").asInt()), port.get("service").asText());
            }
            assertEquals(List.of(Math.min(first.getLocalPort(), second.getLocalPort()),
                    Math.max(first.getLocalPort(), second.getLocalPort())), open);
        }
    }

    @Test
    void theTableNamesWellKnownPortsAndRanksTheSuitesOwnFirst() {
        assertEquals("ssh", ServiceNames.of(22));
        assertEquals("http", ServiceNames.of(80));
        assertEquals("redis", ServiceNames.of(6379));
        assertEquals("chat", ServiceNames.of(65432));
        assertEquals("unknown", ServiceNames.of(40000));
        assertEquals(List.of(8080, 65432, 8000), List.copyOf(ServiceNames.top(3)));

        var many = ServiceNames.top(500);
        assertEquals(500, many.size());
        assertEquals(500, new HashSet<>(many).size(), "no port twice");
        assertTrue(many.containsAll(List.of(22, 80, 443, 6379, 1, 2, 3)), "the table, then ports in order");
        assertEquals(65535, ServiceNames.top(65535).size());
    }

    @Test
    void topPortsScansThatManyAndSaysHowLongItTook() {
        var run = ClientRun.of("scan", "127.0.0.1", "--top-ports", "25", "--timeout", "200ms");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.text().matches("(?s)PORT +STATE +SERVICE\n.*of 25 ports on 127\\.0\\.0\\.1, scanned in \\d+\\.\\d\\ds\n"),
                run.text());
    }

    @Test
    void badValuesAreOneLineAndExitTwo() {
        for (var args : new String[][] {
            {"scan", "127.0.0.1"},
            {"scan", "127.0.0.1", "80", "--top-ports", "10"},
            {"scan", "127.0.0.1", "--top-ports", "0"},
            {"scan", "127.0.0.1", "--top-ports", "65536"},
            {"scan", "127.0.0.1", "0-70000"},
            {"scan", "127.0.0.1", "80", "--concurrency", "0"},
            {"scan", "127.0.0.0/24", "80"}}) {
            var run = ClientRun.of(args);
            assertEquals(ExitCodes.USAGE, run.exit(), String.join(" ", args));
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("socket-client scan: "), run.err());
        }
    }

    private static ServerSocket listener() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private static int closedPort() throws IOException {
        try (var probe = listener()) {
            return probe.getLocalPort();
        }
    }
}
