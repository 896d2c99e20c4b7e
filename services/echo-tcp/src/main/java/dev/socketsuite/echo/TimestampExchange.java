package dev.socketsuite.echo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;

import dev.socketsuite.protocol.ReplyFormats;
import dev.socketsuite.runtime.metrics.ServiceMetrics;

/** Timestamp mode: {@code Server received at yyyy-MM-dd HH:mm:ss: <message>}, in the server's time zone. */
final class TimestampExchange extends OneMessageExchange {

    private final Clock clock;

    TimestampExchange(int maxMessage, Clock clock, ServiceMetrics metrics) {
        super(maxMessage, metrics);
        this.clock = clock;
    }

    @Override
    String reply(byte[] message) {
        return ReplyFormats.timestamped(LocalDateTime.now(clock), new String(message, StandardCharsets.UTF_8));
    }
}
