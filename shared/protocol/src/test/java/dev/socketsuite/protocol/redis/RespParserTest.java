package dev.socketsuite.protocol.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RespParserTest {

    private static final RespReply NESTED = new RespReply.Array(List.of(
            RespReply.Bulk.of("stream"),
            new RespReply.Array(List.of(
                    new RespReply.Array(List.of(RespReply.Bulk.of("1-0"),
                            new RespReply.Array(List.of(RespReply.Bulk.of("text"), RespReply.Bulk.of("hé\r\nllo"))))),
                    new RespReply.Array(null),
                    new RespReply.Array(List.of()))),
            new RespReply.Int(-7),
            new RespReply.Bulk(null),
            new RespReply.Bulk(new byte[0]),
            new RespReply.Status("OK"),
            new RespReply.Error("NOSCRIPT No matching script. Please use EVAL.")));

    private static List<RespReply> parseAll(byte[] bytes, int... splits) throws RespException {
        var parser = new RespParser();
        var replies = new ArrayList<RespReply>();
        int from = 0;
        for (int to : append(splits, bytes.length)) {
            var in = ByteBuffer.wrap(bytes, from, to - from);
            for (RespReply reply; (reply = parser.next(in)) != null; ) {
                replies.add(reply);
            }
            assertFalse(in.hasRemaining(), "a read's bytes were left untaken");
            from = to;
        }
        assertFalse(parser.inReply(), "bytes of an unfinished reply were left");
        return replies;
    }

    private static int[] append(int[] splits, int last) {
        var all = Arrays.copyOf(splits, splits.length + 1);
        all[splits.length] = last;
        return all;
    }

    private static byte[] wire(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsEveryKindOfReply() throws RespException {
        var replies = parseAll(wire("+OK\r\n-ERR unknown command\r\n:42\r\n:-1\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n"));
        assertEquals(List.of(new RespReply.Status("OK"), new RespReply.Error("ERR unknown command"), new RespReply.Int(42),
                new RespReply.Int(-1), RespReply.Bulk.of("hello"), new RespReply.Bulk(new byte[0]), new RespReply.Bulk(null),
                new RespReply.Array(null), new RespReply.Array(List.of())), replies);
        assertEquals("ERR", ((RespReply.Error) replies.get(1)).code());
    }

    @Test
    void aBulkStringIsBinarySafe() throws RespException {
        var payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        var bytes = new RespWriter().reply(new RespReply.Bulk(payload)).toByteArray();
        assertTrue(Arrays.equals(payload, ((RespReply.Bulk) parseAll(bytes).getFirst()).bytes()));
    }

    @Test
    void readsNestedArraysAsWritten() throws RespException {
        assertEquals(List.of(NESTED), parseAll(new RespWriter().reply(NESTED).toByteArray()));
    }

    /** Pipelined replies, cut at every byte: each reply comes out whole, once, in order. */
    @Test
    void aReplySplitAtEveryByteComesOutTheSame() throws RespException {
        var writer = new RespWriter().reply(new RespReply.Int(1)).reply(NESTED).reply(RespReply.Bulk.of("last"));
        var bytes = writer.toByteArray();
        var whole = parseAll(bytes);
        assertEquals(3, whole.size());
        for (int split = 0; split <= bytes.length; split++) {
            assertEquals(whole, parseAll(bytes, split), "split at " + split);
        }
        var oneByOne = new int[bytes.length - 1];
        Arrays.setAll(oneByOne, i -> i + 1);
        assertEquals(whole, parseAll(bytes, oneByOne), "one byte per read");
    }

    @Test
    void neverReadsPastTheReplyItReturns() throws RespException {
        var parser = new RespParser();
        var in = ByteBuffer.wrap(wire(":1\r\n:2\r\n+QUEUED"));
        assertEquals(new RespReply.Int(1), parser.next(in));
        assertEquals(4, in.position());
        assertEquals(new RespReply.Int(2), parser.next(in));
        assertNull(parser.next(in), "a status line without its end is not a reply yet");
        assertTrue(parser.inReply());
        assertEquals(new RespReply.Status("QUEUED"), parser.next(ByteBuffer.wrap(wire("\r\n"))));
    }

    @Test
    void commandsAreArraysOfBulkStrings() throws RespException {
        var bytes = new RespWriter().command("INCRBY", "socket-suite:visitors", "3").command("WAIT", "1", "500").toByteArray();
        assertEquals("*3\r\n$6\r\nINCRBY\r\n$21\r\nsocket-suite:visitors\r\n$1\r\n3\r\n*3\r\n$4\r\nWAIT\r\n$1\r\n1\r\n$3\r\n500\r\n",
                new String(bytes, StandardCharsets.UTF_8));
        assertEquals(2, parseAll(bytes).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "?what\r\n",                 // an unknown type
        "+OK\n",                     // LF without CR
        "+O\rK\r\n",                 // a CR inside a line
        "\r\n",                      // an empty line
        ":12a\r\n",                  // not a number
        ":+5\r\n",                   // a sign RESP does not write
        ":-\r\n",
        ":99999999999999999999\r\n", // past a long
        "$-2\r\n",                   // a negative length other than -1
        "*-5\r\n",
        "$3\r\nabcX\r\n",            // a bulk string longer than its length
        "$3\r\nab\r\n",              // shorter: its CRLF falls inside, then junk
    })
    void refusesWhatIsNotResp(String bytes) {
        var parser = new RespParser();
        assertThrows(RespException.class, () -> {
            var in = ByteBuffer.wrap(wire(bytes));
            while (parser.next(in) != null) {
                // read on to the refusal
            }
            parser.next(ByteBuffer.wrap(wire("\r\n:1\r\n")));
        });
    }

    @Test
    void refusesWhatBreaksABound() {
        var limits = new RespLimits(16, 8, 3, 2, 64);
        assertRefused(limits, "+" + "x".repeat(20) + "\r\n", "a line longer than 16 bytes");
        assertRefused(limits, "$9\r\n", "a bulk string of 9 bytes");
        assertRefused(limits, "*4\r\n", "an array of 4 items");
        assertRefused(limits, "*1\r\n*1\r\n*1\r\n", "arrays nested deeper than 2");
        // Counted: each line with its CRLF, each bulk string's bytes, 8 per array item.
        assertRefused(new RespLimits(16, 8, 3, 2, 50), "*3\r\n$8\r\n12345678\r\n$8\r\n", "a reply of more than 50 bytes");
    }

    /** The bound on a whole reply counts one reply at a time: many small ones in a row are fine. */
    @Test
    void theReplyBoundIsPerReply() throws RespException {
        var parser = new RespParser(new RespLimits(16, 8, 3, 2, 64));
        var in = ByteBuffer.wrap(wire(":1\r\n".repeat(100)));
        int count = 0;
        while (parser.next(in) != null) {
            count++;
        }
        assertEquals(100, count);
    }

    private static void assertRefused(RespLimits limits, String bytes, String why) {
        var error = assertThrows(RespException.class, () -> new RespParser(limits).next(ByteBuffer.wrap(wire(bytes))));
        assertTrue(error.getMessage().startsWith(why), error.getMessage());
    }

    @Test
    void theWriterRefusesALineThatWouldBreakTheStream() {
        assertThrows(IllegalArgumentException.class, () -> new RespWriter().reply(new RespReply.Status("a\r\nb")));
        assertThrows(IllegalArgumentException.class, () -> new RespWriter().command(List.of()));
    }
}
