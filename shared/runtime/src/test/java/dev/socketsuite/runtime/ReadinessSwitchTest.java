package dev.socketsuite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.socketsuite.runtime.stream.LoopProtocol;
import dev.socketsuite.runtime.stream.StreamListener;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;

/** An operator takes readiness down on purpose, and back: the service keeps serving meanwhile. */
class ReadinessSwitchTest {

    private static final LoopProtocol ECHO = (received, readNanos, connection, replies) -> {
        replies.send(received);
        return LoopProtocol.Next.STAY;
    };

    @Test
    void offTakesOnlyReadinessDownAndOnBringsItBack() throws Exception {
        var service = start(Map.of("control.enabled", "true"));
        try {
            var health = new HealthClient(service.healthPort());
            assertEquals(200, health.probe("ready"));

            var off = health.post("/control/ready/off");
            assertEquals(200, off.statusCode());
            assertEquals("readiness off\n", off.body());
            var ready = health.get("/observe/health/ready");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("\"reason\":\"" + ReadinessSwitch.REASON + "\""), ready.body());
            assertEquals(200, health.probe("live"), "liveness must not follow the switch");
            assertEquals(200, health.probe("started"));
            try (var socket = Wire.connect(service.listenerPort())) {
                socket.getOutputStream().write("still here".getBytes(StandardCharsets.US_ASCII));
                assertEquals("still here", new String(socket.getInputStream().readNBytes(10), StandardCharsets.US_ASCII),
                        "switched off, the service must keep serving whoever still reaches it");
            }

            assertEquals(200, health.post("/control/ready/off").statusCode(), "switching off twice is no error");
            assertEquals(200, health.post("/control/ready/on").statusCode());
            assertEquals(200, health.probe("ready"));
        } finally {
            service.shutdown();
        }
    }

    @Test
    void withoutTheKeyThereIsNoSwitch() throws Exception {
        var service = start(Map.of());
        try {
            var health = new HealthClient(service.healthPort());
            assertEquals(404, health.post("/control/ready/off").statusCode());
            assertEquals(200, health.probe("ready"));
            assertTrue(!health.get("/observe/health/ready").body().contains("operator"),
                    "no operator check without the key");
        } finally {
            service.shutdown();
        }
    }

    private static RunningService start(Map<String, String> overrides) {
        var config = new java.util.HashMap<>(Map.of("listener.host", "127.0.0.1", "listener.port", "0"));
        config.putAll(overrides);
        return TestServices.start("switch-test", context -> StreamListener.tcp(context, ECHO), config);
    }
}
