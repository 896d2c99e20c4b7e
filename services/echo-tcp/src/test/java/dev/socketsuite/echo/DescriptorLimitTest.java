package dev.socketsuite.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * Out of file descriptors: the service keeps serving the peers it has, logs the burst of
 * failed accepts once, counts every one, reports it on readiness, and recovers by itself.
 */
class DescriptorLimitTest {

    /** Enough for the JVM, Helidon and a few dozen connections. */
    private static final int MAX_FILES = 320;

    @Test
    void runningOutOfDescriptorsIsSurvivedReportedAndRecovered() throws Exception {
        var env = Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0", "LISTENER_MAX_CONNECTIONS", "10000");
        try (var service = ServiceProcess.launchWithFileLimit("dev.socketsuite.echo.Main", env, MAX_FILES)) {
            int[] ports = service.awaitReady(Duration.ofSeconds(60));
            var health = new HealthClient(ports[1]);
            // The health client's connection is made now, while there are descriptors for it.
            assertEquals(200, health.probe("ready"));

            var held = new ArrayList<Socket>();
            Socket unserved = null;
            try {
                while (unserved == null && held.size() < MAX_FILES) {
                    var socket = connect(ports[0]);
                    if (echoes(socket, "hello", Duration.ofSeconds(2))) {
                        held.add(socket);
                    } else {
                        unserved = socket; // connected in the backlog, but never accepted
                    }
                }
                assertTrue(unserved != null, "never ran out with " + held.size() + " connections");
                assertTrue(held.size() > 10, "ran out after " + held.size() + " connections: raise MAX_FILES");

                assertTrue(echoes(held.getFirst(), "still served", Duration.ofSeconds(5)), "an open connection was dropped");
                assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> health.probe("ready") == 503),
                        "readiness did not report the failing accepts");
                var ready = health.get("/observe/health/ready").body();
                assertTrue(ready.contains("acceptFailing"), ready);
                Thread.sleep(1500); // a burst of retries
                assertTrue(health.counter("socket_errors_total", "kind=\"accept\"") >= 3, "failed accepts not counted");
                assertEquals(1, lines(service, "is failing"), "logged once per burst:\n" + String.join("\n", service.output()));

                for (int i = 0; i < 10; i++) {
                    held.removeLast().close();
                }
                // The waiting connection is accepted by itself once descriptors are free.
                assertTrue(reads(unserved, "hello", Duration.ofSeconds(10)), "did not recover");
                assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> health.probe("ready") == 200));
                assertEquals(1, lines(service, "works again"), String.join("\n", service.output()));
            } finally {
                for (var socket : held) {
                    socket.close();
                }
                if (unserved != null) {
                    unserved.close();
                }
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        return socket;
    }

    private static boolean echoes(Socket socket, String text, Duration wait) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        return reads(socket, text, wait);
    }

    /** True when {@code text} arrives within {@code wait}. */
    private static boolean reads(Socket socket, String text, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            var echoed = socket.getInputStream().readNBytes(text.getBytes(StandardCharsets.UTF_8).length);
            return text.equals(new String(echoed, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static long lines(ServiceProcess service, String text) {
        List<String> output = service.output();
        return output.stream().filter(line -> line.contains(text)).count();
    }
}
