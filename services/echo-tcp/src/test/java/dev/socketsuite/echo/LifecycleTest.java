package dev.socketsuite.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.ServiceProcess;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;

/** Startup refusals, readiness during shutdown, draining, and the process's exit status. */
class LifecycleTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void anUnknownModeStopsStartupNamingTheKey() {
        var error = assertThrows(StartupException.class,
                () -> TestServices.start("echo-tcp", EchoService::listener, Map.of("echo.mode", "shout")));
        assertTrue(error.getMessage().contains("echo.mode (env ECHO_MODE) must be one of echo, counter, timestamp"),
                error.getMessage());
    }

    @Test
    void aPortInUseStopsStartupNamingTheKey() throws IOException {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var error = assertThrows(StartupException.class, () -> TestServices.start("echo-tcp",
                    EchoService::listener, Map.of("listener.port", String.valueOf(taken.getLocalPort()))));
            assertTrue(error.getMessage().contains("listener.port (env LISTENER_PORT)"), error.getMessage());
            assertTrue(error.getMessage().contains(":" + taken.getLocalPort()), error.getMessage());
        }
    }

    @Test
    void aHealthPortInUseStopsStartupAndReleasesTheListener() throws IOException {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int listenerPort = free.getLocalPort();
            free.close();
            var error = assertThrows(StartupException.class, () -> TestServices.start("echo-tcp",
                    EchoService::listener, Map.of("server.port", String.valueOf(taken.getLocalPort()),
                            "listener.port", String.valueOf(listenerPort))));
            assertTrue(error.getMessage().contains("server.port (env SERVER_PORT)"), error.getMessage());
            assertThrows(ConnectException.class, () -> Wire.connect(listenerPort).close(),
                    "the raw listener was left open");
        }
    }

    @Test
    void readinessGoesDownBeforeTheListenerClosesAndOpenConnectionsFinish() throws Exception {
        var service = TestServices.start("echo-tcp", EchoService::listener,
                Map.of("shutdown.delay", "700ms", "shutdown.grace", "5s"));
        var health = new HealthClient(service.healthPort());
        int port = service.listenerPort();
        try (var inFlight = Wire.connect(port)) {
            assertEquals(200, health.probe("ready"));
            var stopping = CompletableFuture.runAsync(service::shutdown);

            assertTrue(HealthClient.await(DEADLINE, () -> health.probe("ready") == 503), "readiness stayed UP");
            assertEquals(200, health.probe("live"));
            // The delay keeps the listener open after readiness fell, for endpoints to update.
            try (var late = Wire.connect(port)) {
                late.getOutputStream().write('x');
                assertEquals('x', late.getInputStream().read());
            }
            // The connection opened before shutdown is still served during the grace period.
            var bytes = "finishing".getBytes(StandardCharsets.UTF_8);
            inFlight.getOutputStream().write(bytes);
            assertArrayEquals(bytes, inFlight.getInputStream().readNBytes(bytes.length));
            inFlight.shutdownOutput();
            assertEquals(-1, inFlight.getInputStream().read());

            stopping.get();
            assertThrows(ConnectException.class, () -> Wire.connect(port).close());
        }
    }

    @Test
    void connectionsStillOpenAfterTheGraceAreClosed() throws Exception {
        var service = TestServices.start("echo-tcp", EchoService::listener, Map.of("shutdown.grace", "300ms"));
        try (var lingering = Wire.connect(service.listenerPort())) {
            lingering.getOutputStream().write('a');
            assertEquals('a', lingering.getInputStream().read());
            long start = System.nanoTime();
            service.shutdown();
            assertTrue(Wire.closedByServer(lingering));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "shutdown waited past the grace");
        }
    }

    @Test
    void theProcessExitsZeroOnSigtermAfterDraining() throws Exception {
        try (var process = ServiceProcess.launch(Main.class.getName(),
                Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0", "SHUTDOWN_GRACE", "5s"))) {
            int[] ports = process.awaitReady(DEADLINE);
            var health = new HealthClient(ports[1]);
            assertEquals(200, health.probe("ready"));
            try (var socket = Wire.connect(ports[0])) {
                socket.getOutputStream().write("before".getBytes(StandardCharsets.UTF_8));
                socket.shutdownOutput();
                process.terminate();
                assertEquals("before", Wire.readToEndUtf8(socket));
            }
            assertEquals(0, process.awaitExit(DEADLINE), String.join("\n", process.output()));
            assertTrue(process.output().stream().anyMatch(line -> line.contains("stopped in")),
                    () -> "no shutdown log in:\n" + String.join("\n", process.output()));
        }
    }

    @Test
    void abusiveClientsLeakNoDescriptors() throws Exception {
        try (var process = ServiceProcess.launch(Main.class.getName(), Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0",
                "LISTENER_IDLE_TIMEOUT", "300ms", "LISTENER_MAX_CONNECTIONS", "50"))) {
            int[] ports = process.awaitReady(DEADLINE);
            var health = new HealthClient(ports[1]);
            // Warm up: the first connection and probe open what stays open (selectors, the JIT's files).
            try (var warm = Wire.connect(ports[0])) {
                warm.getOutputStream().write('w');
                assertEquals('w', warm.getInputStream().read());
            }
            assertTrue(HealthClient.await(DEADLINE, () -> health.openConnections() == 0));
            long before = process.openFileDescriptors();
            org.junit.jupiter.api.Assumptions.assumeTrue(before > 0, "no /proc here");

            var idle = new java.util.ArrayList<java.net.Socket>();
            for (int i = 0; i < 200; i++) {
                var socket = Wire.connect(ports[0]);
                switch (i % 3) {
                    case 0 -> { // reset mid-stream
                        socket.getOutputStream().write(new byte[4096]);
                        socket.setSoLinger(true, 0);
                        socket.close();
                    }
                    case 1 -> socket.close(); // connect and leave
                    default -> idle.add(socket); // say nothing until the idle timeout, or be refused when full
                }
            }
            for (var socket : idle) {
                assertTrue(Wire.closedByServer(socket));
                socket.close();
            }
            assertTrue(HealthClient.await(DEADLINE, () -> health.openConnections() == 0));
            // A few may be new for good reasons (the health client's keep-alive connections, another
            // poller for virtual threads); a leak per abusive client would show as tens or hundreds.
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> process.openFileDescriptors() < before + 16),
                    "descriptors before " + before + ", after " + process.openFileDescriptors());
        }
    }

    @Test
    void theProcessExitsNonZeroWithOneClearLineOnBadConfig() throws Exception {
        try (var process = ServiceProcess.launch(Main.class.getName(),
                Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0", "ECHO_MODE", "shout"))) {
            assertEquals(1, process.awaitExit(DEADLINE));
            var errors = process.output().stream().filter(line -> line.contains("did not start")).toList();
            assertEquals(1, errors.size(), String.join("\n", process.output()));
            assertTrue(errors.getFirst().contains("echo.mode (env ECHO_MODE)"), errors.getFirst());
            assertTrue(process.output().stream().noneMatch(line -> line.startsWith("\tat ")), "stack trace printed");
        }
    }
}
