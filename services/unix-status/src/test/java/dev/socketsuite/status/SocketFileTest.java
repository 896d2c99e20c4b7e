package dev.socketsuite.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.testing.ServiceProcess;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.UnixClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every state the socket path can be in at startup and shutdown. */
class SocketFileTest {

    @TempDir
    Path dir;

    private static String start(Path socket) {
        var service = TestServices.start("unix-status", StatusService::listener, Map.of("listener.path", socket.toString()));
        try {
            return UnixClient.exchange(socket, "GET / HTTP/1.1\r\n\r\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            service.shutdown();
        }
    }

    private static StartupException refusal(Path socket) {
        return assertThrows(StartupException.class, () -> TestServices.start("unix-status", StatusService::listener,
                Map.of("listener.path", socket.toString())));
    }

    @Test
    void aStaleSocketIsReplaced() throws IOException {
        var socket = dir.resolve("stale.sock");
        try (var crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a Unix server channel leaves its file, like a crash");
        assertTrue(start(socket).endsWith("running"));
    }

    @Test
    void aLiveSocketStopsStartup() throws IOException {
        var socket = dir.resolve("live.sock");
        try (var other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(socket));
            var error = refusal(socket);
            assertTrue(error.getMessage().contains("another server is listening"), error.getMessage());
            assertTrue(Files.exists(socket), "the other server's socket was touched");
        }
    }

    @Test
    void aFileThatIsNotASocketIsNeverDeleted() throws IOException {
        var socket = dir.resolve("important.txt");
        Files.writeString(socket, "keep me");
        var error = refusal(socket);
        assertTrue(error.getMessage().contains("is not a socket"), error.getMessage());
        assertEquals("keep me", Files.readString(socket));

        var directory = Files.createDirectory(dir.resolve("a-directory"));
        assertTrue(refusal(directory).getMessage().contains("is not a socket"));
        assertTrue(Files.isDirectory(directory));
    }

    @Test
    void aMissingDirectoryIsAClearErrorNotCreated() {
        var socket = dir.resolve("missing/status.sock");
        var error = refusal(socket);
        assertTrue(error.getMessage().contains("listener.path (env LISTENER_PATH)"), error.getMessage());
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
        assertTrue(Files.notExists(socket.getParent()));
    }

    @Test
    void shutdownLeavesAFileThatReplacedOurs() throws IOException {
        var socket = dir.resolve("replaced.sock");
        var service = TestServices.start("unix-status", StatusService::listener, Map.of("listener.path", socket.toString()));
        Files.delete(socket);
        Files.writeString(socket, "someone else's");
        service.shutdown();
        assertEquals("someone else's", Files.readString(socket));
    }

    @Test
    void sigtermRemovesTheSocketAndExitsZero() throws Exception {
        var socket = dir.resolve("process.sock");
        try (var process = ServiceProcess.launch(Main.class.getName(),
                Map.of("LISTENER_PATH", socket.toString(), "SERVER_PORT", "0"))) {
            process.awaitReady(Duration.ofSeconds(30));
            assertTrue(UnixClient.exchange(socket, "GET / HTTP/1.1\r\n\r\n").endsWith("running"));
            process.terminate();
            assertEquals(0, process.awaitExit(Duration.ofSeconds(30)), String.join("\n", process.output()));
            assertTrue(Files.notExists(socket), "socket file left behind");
        }
    }
}
