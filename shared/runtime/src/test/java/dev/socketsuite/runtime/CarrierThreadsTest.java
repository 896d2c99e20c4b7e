package dev.socketsuite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import dev.socketsuite.runtime.testing.ServiceProcess;
import org.junit.jupiter.api.Test;

/** The carrier rule, seen in a JVM that believes it has one CPU. */
class CarrierThreadsTest {

    @Test
    void onOneCpuABusyVirtualThreadDoesNotHoldUpTheNext() throws Exception {
        assertEquals("concurrent", probe(""));
    }

    @Test
    void anExplicitCarrierCountIsKept() throws Exception {
        assertEquals("serial", probe(" -D" + CarrierThreads.PARALLELISM + "=1"));
    }

    /** Runs {@link CarrierProbe} with one CPU and {@code options}; returns what it printed last. */
    private static String probe(String options) throws Exception {
        // The java launcher reads JDK_JAVA_OPTIONS (and says so on stderr, ahead of the answer).
        var env = Map.of("JDK_JAVA_OPTIONS", "-XX:ActiveProcessorCount=1" + options);
        try (var probe = ServiceProcess.launch(CarrierProbe.class.getName(), env)) {
            assertEquals(0, probe.awaitExit(Duration.ofSeconds(30)), String.join("\n", probe.output()));
            return probe.output().getLast().strip();
        }
    }
}
