package dev.socketsuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDateTime;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ReplyFormatsTest {

    @Test
    void formatsMatchTheOriginDocuments() {
        assertEquals("Hello! You are connection #3", ReplyFormats.connectionGreeting(3));
        assertEquals("Received! Message #12", ReplyFormats.datagramAck(12));
        assertEquals("Server received at 2025-10-01 14:30:25: Hello, World!",
                ReplyFormats.timestamped(LocalDateTime.of(2025, 10, 1, 14, 30, 25, 999_000_000), "Hello, World!"));
    }

    @Test
    void parsesWhatItFormats() {
        assertEquals(OptionalLong.of(42), ReplyFormats.parseConnectionGreeting(ReplyFormats.connectionGreeting(42)));
        assertEquals(OptionalLong.of(7), ReplyFormats.parseDatagramAck(ReplyFormats.datagramAck(7)));
        assertEquals("a: b\nc", ReplyFormats.parseTimestampedMessage(
                ReplyFormats.timestamped(LocalDateTime.of(2020, 1, 2, 3, 4, 5), "a: b\nc")));
    }

    @Test
    void rejectsLookAlikes() {
        assertEquals(OptionalLong.empty(), ReplyFormats.parseDatagramAck("Received! Message #"));
        assertEquals(OptionalLong.empty(), ReplyFormats.parseDatagramAck("Received! Message #1x"));
        assertEquals(OptionalLong.empty(), ReplyFormats.parseConnectionGreeting("Received! Message #1"));
        assertEquals(OptionalLong.empty(), ReplyFormats.parseConnectionGreeting(null));
        assertNull(ReplyFormats.parseTimestampedMessage("Server received at yesterday: x"));
    }
}
