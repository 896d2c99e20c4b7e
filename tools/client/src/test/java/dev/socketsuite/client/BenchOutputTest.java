package dev.socketsuite.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketsuite.runtime.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** bench's machine-readable report, constant rate, SVG plot and .hgrm file, against the real services. */
class BenchOutputTest {

    private static final String[] PERCENTILES = {"p50", "p90", "p99", "p99_9", "max"};
    private static ServiceProcess echo;
    private static ServiceProcess http;
    private static String echoAt;
    private static String httpAt;

    @TempDir
    Path files;

    @BeforeAll
    static void startServices() throws Exception {
        var env = Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0");
        echo = ServiceProcess.launchJar(Path.of("../../services/echo-tcp/target/echo-tcp.jar"), env);
        http = ServiceProcess.launchJar(Path.of("../../services/http-info/target/http-info.jar"), env);
        echoAt = "127.0.0.1:" + echo.awaitReady(Duration.ofSeconds(60))[0];
        httpAt = "127.0.0.1:" + http.awaitReady(Duration.ofSeconds(60))[0];
    }

    @AfterAll
    static void stopServices() {
        echo.close();
        http.close();
    }

    @Test
    void jsonIsTheOnlyThingOnStandardOutputAndCarriesTheFigures() throws Exception {
        long began = System.nanoTime();
        var run = ClientRun.of("bench", "http", httpAt, "-c", "2", "-d", "1s", "-w", "1s", "--json", "--progress");
        long wallMillis = (System.nanoTime() - began) / 1_000_000;
        assertEquals(0, run.exit(), run.err());
        var text = run.text();
        assertEquals(1, text.lines().count(), text);
        var report = new ObjectMapper().readTree(text);
        assertEquals("http", report.get("kind").asText());
        assertEquals(httpAt, report.get("target").asText());
        assertEquals(2, report.get("connections").asInt());
        assertEquals("/hello", report.get("path").asText());
        assertTrue(report.get("rate").isNull(), text);
        assertEquals(1.0, report.get("warmup_s").asDouble(), text);
        assertTrue(wallMillis >= 2000, "the warm-up ran before the measured second: " + wallMillis + " ms");
        long exchanges = report.get("exchanges").asLong();
        assertTrue(exchanges > 0, text);
        double seconds = report.get("duration_s").asDouble();
        assertEquals(exchanges / seconds, report.get("throughput_per_s").asDouble(), exchanges / seconds * 0.01, text);
        assertTrue(report.at("/numbers/distinct").asLong() > exchanges, "the warm-up's pages are checked too: " + text);
        assertEquals(0, report.at("/numbers/duplicates").asLong(), text);
        assertEquals(0, report.at("/errors/wrong").asLong(), text);
        assertTrue(report.at("/errors/io").isIntegralNumber() && report.at("/errors/lost").isIntegralNumber(), text);
        assertFalse(report.get("latency_corrected").asBoolean(), text);
        assertAscending(report.get("latency_us"), text);
        assertFalse(report.has("latency_uncorrected_us"), "closed loop has one latency: " + text);
        assertFalse(report.get("failed").asBoolean(), text);
    }

    @Test
    void aServerThatNeverRepliesIsBrokenOffCountedAndEndsTheRun() throws Exception {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var held = new ArrayList<Socket>();
            var acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            var run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ClientRun.of("bench", "echo",
                    "127.0.0.1:" + silent.getLocalPort(), "-c", "2", "-d", "1s", "-w", "0s", "--json", "--no-progress"));
            silent.close();
            acceptor.join();
            for (var socket : held) {
                socket.close();
            }
            var report = new ObjectMapper().readTree(run.text());
            assertEquals(1, run.exit(), run.err());
            assertEquals(0, report.get("exchanges").asLong(), run.text());
            assertTrue(report.at("/errors/io").asLong() >= 2, "each connection's stalled exchange is an error: " + run.text());
            assertTrue(report.get("failed").asBoolean(), run.text());
        }
    }

    @Test
    void wrongEchoesAndDroppedConnectionsAreCountedAndTheRunGoesOn() throws Exception {
        // Each connection: one right echo, one with its bytes inverted, then the server hangs up.
        try (var faulty = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        var socket = faulty.accept();
                        Thread.ofVirtual().start(() -> answerTwiceThenHangUp(socket));
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            var run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ClientRun.of("bench", "echo",
                    "127.0.0.1:" + faulty.getLocalPort(), "-c", "2", "-s", "16", "-d", "1s", "-w", "0s", "--json",
                    "--no-progress"));
            faulty.close();
            acceptor.join();
            var report = new ObjectMapper().readTree(run.text());
            assertEquals(1, run.exit(), run.err());
            long exchanges = report.get("exchanges").asLong();
            long wrong = report.at("/errors/wrong").asLong();
            long broken = report.at("/errors/io").asLong();
            // Reconnecting after each hang-up keeps the pattern going: right, wrong, broken, right, ...
            assertTrue(exchanges >= 2 && wrong >= 2 && broken >= 2, run.text());
            assertTrue(Math.abs(exchanges - wrong) <= 2 && Math.abs(exchanges - broken) <= 2, run.text());
        }
    }

    private static void answerTwiceThenHangUp(Socket socket) {
        try (socket) {
            var in = socket.getInputStream();
            var out = socket.getOutputStream();
            out.write(in.readNBytes(16));
            var second = in.readNBytes(16);
            for (int i = 0; i < second.length; i++) {
                second[i] = (byte) ~second[i];
            }
            out.write(second);
            in.readNBytes(16);
        } catch (IOException e) {
            // the client went away first
        }
    }

    @Test
    void aConstantRateIsHeldAndReportsCorrectedBesideUncorrected() throws Exception {
        int rate = 400;
        var run = ClientRun.of("bench", "echo", echoAt, "-c", "4", "-d", "3s", "-w", "1s", "--rate", String.valueOf(rate), "--json",
                "--no-progress");
        assertEquals(0, run.exit(), run.err());
        var report = new ObjectMapper().readTree(run.text());
        assertEquals(rate, report.get("rate").asInt());
        double achieved = report.get("throughput_per_s").asDouble();
        assertTrue(Math.abs(achieved - rate) <= rate * 0.1, "asked " + rate + "/s, got " + achieved + "/s");
        assertTrue(report.get("latency_corrected").asBoolean());
        var corrected = report.get("latency_us");
        var uncorrected = report.get("latency_uncorrected_us");
        assertAscending(corrected, run.text());
        assertAscending(uncorrected, run.text());
        for (var percentile : PERCENTILES) {
            assertTrue(corrected.get(percentile).asLong() >= uncorrected.get(percentile).asLong(),
                    percentile + " corrected below uncorrected: " + run.text());
        }
        assertEquals(0, report.get("unsent").asLong(), "a 400/s echo keeps up: " + run.text());

        var table = ClientRun.of("bench", "echo", echoAt, "-c", "2", "-d", "1s", "-w", "0s", "--rate", "100",
                "--no-progress").text();
        assertTrue(table.contains("rate=100/s"), table);
        assertTrue(Pattern.compile("\\n  corrected +\\d+").matcher(table).find(), table);
        assertTrue(Pattern.compile("\\n  uncorrected +\\d+").matcher(table).find(), table);
        assertTrue(table.contains("coordinated omission corrected"), table);
    }

    @Test
    void writesAnSvgPercentilePlotAndHdrHistogramsPercentileFile() throws Exception {
        var svg = files.resolve("latency.svg");
        var hgrm = files.resolve("run.hgrm");
        var run = ClientRun.of("bench", "echo", echoAt, "-c", "2", "-d", "1s", "-w", "0s", "--rate", "500", "--no-progress",
                "--plot", svg.toString(), "--histogram", hgrm.toString());
        assertEquals(0, run.exit(), run.err());

        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var document = factory.newDocumentBuilder().parse(svg.toFile());
        var root = document.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        var curves = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        assertEquals(2, curves.getLength(), "corrected and uncorrected");
        for (int i = 0; i < curves.getLength(); i++) {
            var points = points((Element) curves.item(i));
            assertTrue(points.size() >= 10, "a curve, not a dot: " + points.size());
            for (int p = 1; p < points.size(); p++) {
                // Right along the percentiles, never down in latency (SVG's y grows downwards).
                assertTrue(points.get(p)[0] >= points.get(p - 1)[0] && points.get(p)[1] <= points.get(p - 1)[1],
                        "not a percentile curve at point " + p);
            }
        }
        var text = document.getDocumentElement().getTextContent();
        assertTrue(text.contains("99.9%") && text.contains("Percentile") && text.contains("corrected"), text);

        var lines = Files.readAllLines(hgrm);
        assertTrue(lines.get(0).matches(" *Value +Percentile +TotalCount +1/\\(1-Percentile\\)"), lines.get(0));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("#[Max     =")), String.join("\n", lines));
        var total = Pattern.compile("Total count +=\\s+(\\d+)").matcher(String.join("\n", lines));
        assertTrue(total.find() && Long.parseLong(total.group(1)) >= 450, String.join("\n", lines));
    }

    @Test
    void badValuesAreOneLineAndExitTwo() {
        for (var args : List.of(
                new String[] {"bench", "echo", echoAt, "--rate", "0"},
                new String[] {"bench", "echo", echoAt, "--rate", "fast"},
                new String[] {"bench", "echo", echoAt, "--rate", "10000001"},
                new String[] {"bench", "echo", echoAt, "-c", "0"},
                new String[] {"bench", "echo", echoAt, "--warmup", "-1s"},
                new String[] {"bench", "echo", echoAt, "--warmup", "11m"},
                new String[] {"bench", "flood", echoAt})) {
            var run = ClientRun.of(args);
            assertEquals(ExitCodes.USAGE, run.exit(), String.join(" ", args));
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("socket-client bench: "), run.err());
            assertEquals(0, run.out().length);
        }
    }

    private static void assertAscending(JsonNode latency, String report) {
        long previous = 0;
        for (var percentile : PERCENTILES) {
            long value = latency.get(percentile).asLong();
            assertTrue(value > 0 && value >= previous, percentile + " out of order: " + report);
            previous = value;
        }
        assertTrue(latency.get("mean").asDouble() > 0, report);
    }

    private static List<double[]> points(Element polyline) {
        var points = new ArrayList<double[]>();
        for (var pair : polyline.getAttribute("points").trim().split(" +")) {
            var xy = pair.split(",");
            points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return points;
    }
}
