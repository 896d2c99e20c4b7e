package dev.socketsuite.chat;

import java.util.Map;

import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.TestServices;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A chat service on ephemeral ports for one test, shut down after it (a test may shut it down first). */
final class RunningChat implements AfterEachCallback {

    private RunningService service;

    /** Starts chat with {@code config} (no web port unless it asks for one); returns its listener port. */
    int start(Map<String, String> config) {
        var withDefaults = new java.util.HashMap<>(Map.of("chat.web.port", "0"));
        withDefaults.putAll(config);
        service = TestServices.start("chat", ChatService::listener, withDefaults);
        return service.listenerPort();
    }

    RunningService service() {
        return service;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (service != null) {
            service.shutdown(); // returns at once after a shutdown of the test's own
            service = null;
        }
    }
}
