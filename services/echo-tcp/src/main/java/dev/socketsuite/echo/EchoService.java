package dev.socketsuite.echo;

import java.time.Clock;

import dev.socketsuite.runtime.PodIdentity;
import dev.socketsuite.runtime.RawListener;
import dev.socketsuite.runtime.ServiceContext;
import dev.socketsuite.runtime.stream.StreamListener;

/** Builds the echo-tcp listener from the {@code echo} config section. */
final class EchoService {

    private EchoService() {
    }

    static RawListener listener(ServiceContext context) {
        var settings = context.settings();
        var mode = EchoMode.parse(settings.string("echo.mode", "echo"));
        int maxMessage = settings.integer("echo.max-message", 1024, 1, 1 << 20);
        return switch (mode) {
            case ECHO -> StreamListener.tcp(context, new EchoProtocol(context.metrics()));
            case COUNTER -> StreamListener.tcp(context, new CounterExchange(maxMessage, context.state(), context.metrics()));
            case TIMESTAMP -> StreamListener.tcp(context,
                    new TimestampExchange(maxMessage, Clock.systemDefaultZone(), context.metrics()));
            case INFO -> StreamListener.tcp(context, new InfoExchange(maxMessage, PodIdentity.from(System.getenv()),
                    context.metrics()));
        };
    }
}
