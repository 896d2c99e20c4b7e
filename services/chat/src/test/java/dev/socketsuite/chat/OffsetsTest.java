package dev.socketsuite.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Room offsets in one process: /offsets, /offset and /resume as a client that reconnects uses them. */
class OffsetsTest {

    private static final Pattern NUMBERED = Pattern.compile("#(\\d+) (.*)");

    @RegisterExtension
    final RunningChat chat = new RunningChat();

    @Test
    void everyLineCarriesTheNextOffsetInEveryMembersView() throws Exception {
        int port = chat.start(Map.of());
        try (var alice = ChatClient.joined(port); var bob = ChatClient.joined(port)) {
            assertEquals("* guest-2 joined", alice.line(), "without /offsets a line is as it always was");
            for (var member : List.of(alice, bob)) {
                member.send("/offsets on\n");
                assertEquals("* offsets on", member.line());
            }
            alice.send("one\n");
            assertEquals("#3 Received your message!", alice.line(), "the author's ACK carries its line's offset");
            assertEquals("#3 [guest-1] one", bob.line());
            bob.send("/nick bob\n");
            assertEquals("#4 * guest-2 is now bob", bob.line());
            assertEquals("#4 * guest-2 is now bob", alice.line());
            bob.send("two\n");
            assertEquals("#5 Received your message!", bob.line());
            assertEquals("#5 [bob] two", alice.line());
            alice.send("/offset\n");
            assertEquals("* offset 5", alice.line());
            alice.send("/offsets off\n");
            assertEquals("* offsets off", alice.line());
            bob.send("three\n");
            bob.line();
            assertEquals("[bob] three", alice.line());
        }
    }

    @Test
    void aMemberThatReconnectsResumesAfterTheLastOffsetItSaw() throws Exception {
        int port = chat.start(Map.of());
        long seen;
        try (var stayer = ChatClient.joined(port)) {
            try (var leaver = ChatClient.joined(port)) {
                leaver.send("/offsets on\n");
                leaver.line();
                stayer.line(); // its join
                stayer.send("before\n");
                stayer.line();
                seen = offsetOf(leaver.line(), "[guest-1] before");
            }
            stayer.awaitLine("* guest-2 left");
            for (var text : List.of("a", "b", "c")) {
                stayer.send(text + "\n");
                stayer.line();
            }
            try (var back = ChatClient.joined(port)) {
                back.send("/offsets on\n/resume " + seen + "\n");
                assertEquals("* offsets on", back.line());
                var replayed = List.of(back.line(), back.line(), back.line(), back.line());
                assertEquals(List.of(
                        "#" + (seen + 1) + " * history: * guest-2 left",
                        "#" + (seen + 2) + " * history: [guest-1] a",
                        "#" + (seen + 3) + " * history: [guest-1] b",
                        "#" + (seen + 4) + " * history: [guest-1] c"), replayed,
                        "up to its own join, which it saw happen");
                stayer.send("live\n");
                assertEquals("#" + (seen + 6) + " [guest-1] live", back.line(), "live lines follow the replay");
            }
        }
    }

    /**
     * A TCP member that resumes after a newcomer history and some live lines is sent only what
     * it has not seen: no history line and no live line twice, and nothing at all a second time.
     */
    @Test
    void aResumeSendsNoLineTheMemberAlreadySaw() throws Exception {
        int port = chat.start(Map.of("chat.history", "2"));
        try (var talker = ChatClient.joined(port)) {
            for (var text : List.of("a", "b", "c", "d")) {
                talker.send(text + "\n");
                talker.line();
            }
            // Offsets: 1 the talker's join, 2-5 a-d, 6 the resumer's join, 7 e.
            try (var back = ChatClient.joined(port)) {
                assertEquals(List.of("* history: [guest-1] c", "* history: [guest-1] d"), List.of(back.line(), back.line()));
                talker.awaitLine("* guest-2 joined");
                talker.send("e\n");
                talker.line();
                assertEquals("[guest-1] e", back.line());
                back.send("/offsets on\n/resume 0\n/offset\n");
                assertEquals("* offsets on", back.line());
                assertEquals(List.of("#1 * history: * guest-1 joined", "#2 * history: [guest-1] a",
                        "#3 * history: [guest-1] b", "* offset 7"), List.of(back.line(), back.line(), back.line(), back.line()),
                        "c and d came as history, e live");
                back.send("/resume 0\n/offset\n");
                assertEquals("* offset 7", back.line(), "what a resume sent is not sent again");
            }
        }
    }

    @Test
    void aResumeFromBeforeWhatTheRoomKeepsSaysHowManyWereMissed() throws Exception {
        int port = chat.start(Map.of("chat.keep", "3"));
        try (var talker = ChatClient.joined(port)) {
            for (int i = 1; i <= 6; i++) {
                talker.send("m" + i + "\n");
                talker.line();
            }
            try (var late = ChatClient.joined(port)) {
                // Offsets: 1 the talker's join, 2-7 the messages, 8 the late one's join; the room keeps 6, 7 and 8.
                late.send("/resume 1\n");
                assertEquals("* missed 4 messages (no longer kept)", late.line());
                assertEquals(List.of("* history: [guest-1] m5", "* history: [guest-1] m6"), List.of(late.line(), late.line()));
                late.send("/resume 8\n/offset\n");
                assertEquals("* offset 8", late.line(), "nothing after the last offset");
                talker.send("/resume 1\n/offset\n");
                talker.awaitLine("* guest-2 joined");
                assertEquals("* offset 8", talker.line(), "a member that saw everything live missed nothing");
            }
        }
    }

    @Test
    void aBadResumeOrOffsetsArgumentIsAClearError() throws Exception {
        int port = chat.start(Map.of());
        try (var client = ChatClient.joined(port)) {
            var lines = new ArrayList<String>();
            client.send("/resume\n/resume -1\n/resume abc\n/offsets maybe\n/help\n");
            for (int i = 0; i < 5; i++) {
                lines.add(client.line());
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(lines.get(i).startsWith("error: usage: /resume N"), lines.get(i));
            }
            assertEquals("error: usage: /offsets on|off", lines.get(3));
            assertTrue(lines.get(4).contains("/resume N") && lines.get(4).contains("/offsets on|off"), lines.get(4));
        }
    }

    static long offsetOf(String line, String expected) {
        var matcher = NUMBERED.matcher(line);
        assertTrue(matcher.matches(), "no offset in: " + line);
        assertEquals(expected, matcher.group(2));
        return Long.parseLong(matcher.group(1));
    }
}
