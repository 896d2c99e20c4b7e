package dev.socketsuite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The carrier rule, seen in a JVM that believes it has one CPU. */
class CarrierThreadsTest {

    @Test
    void onOneCpuABusyVirtualThreadDoesNotHoldUpTheNext() throws Exception {
        assertEquals("concurrent", probe());
    }

    @Test
    void anExplicitCarrierCountIsKept() throws Exception {
        assertEquals("serial", probe("-D" + CarrierThreads.PARALLELISM + "=1"));
    }

    private static String probe(String... options) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=1"));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CarrierProbe.class.getName()));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the probe did not finish");
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
