package dev.socketsuite.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.socketsuite.protocol.redis.RespException;
import dev.socketsuite.protocol.redis.RespLimits;
import dev.socketsuite.protocol.redis.RespParser;
import dev.socketsuite.protocol.redis.RespReply;
import dev.socketsuite.protocol.redis.RespWriter;

/**
 * The RESP2 parser against any bytes a server could send, and any reply written: it returns
 * replies or refuses with its own exception, within its bounds; a reply it returns, written
 * again, reads back the same; and a reply written reads back the same however its bytes are split.
 */
class RespFuzzTest {

    private static final RespLimits SMALL = new RespLimits(64, 256, 16, 4, 4096);

    @FuzzTest(maxDuration = "10s")
    void anyBytesParseOrAreRefused(byte[] input) {
        var parser = new RespParser(SMALL);
        var in = ByteBuffer.wrap(input);
        try {
            for (RespReply reply; (reply = parser.next(in)) != null; ) {
                assertTrue(withinBounds(reply, 0), "a reply past the bounds came through: " + reply);
                assertEquals(reply, parseWhole(written(reply)), "a reply written again reads differently");
            }
        } catch (RespException refused) {
            // the codec's own refusal is the one way out
        }
    }

    @FuzzTest(maxDuration = "10s")
    void aReplyWrittenReadsBackTheSameHoweverSplit(FuzzedDataProvider data) throws RespException {
        var reply = reply(data, 0);
        var bytes = written(reply);
        int split = data.consumeInt(0, bytes.length);
        var parser = new RespParser(RespLimits.DEFAULT);
        var first = parser.next(ByteBuffer.wrap(bytes, 0, split));
        var replies = new ArrayList<RespReply>();
        if (first != null) {
            replies.add(first);
        }
        var rest = ByteBuffer.wrap(bytes, split, bytes.length - split);
        for (RespReply next; (next = parser.next(rest)) != null; ) {
            replies.add(next);
        }
        assertEquals(List.of(reply), replies);
    }

    private static RespReply reply(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth < 3 ? 6 : 4);
        return switch (kind) {
            case 0 -> new RespReply.Status(data.consumeAsciiString(20).replaceAll("[\r\n]", ""));
            case 1 -> new RespReply.Error(data.consumeAsciiString(20).replaceAll("[\r\n]", ""));
            case 2 -> new RespReply.Int(data.consumeLong());
            case 3 -> new RespReply.Bulk(data.consumeBytes(data.consumeInt(0, 64)));
            case 4 -> new RespReply.Bulk(null);
            case 5 -> new RespReply.Array(null);
            default -> {
                var items = new ArrayList<RespReply>();
                for (int i = data.consumeInt(0, 5); i > 0; i--) {
                    items.add(reply(data, depth + 1));
                }
                yield new RespReply.Array(List.copyOf(items));
            }
        };
    }

    private static boolean withinBounds(RespReply reply, int depth) {
        return switch (reply) {
            case RespReply.Bulk bulk -> bulk.bytes() == null || bulk.bytes().length <= SMALL.maxBulk();
            case RespReply.Array array -> array.items() == null || array.items().isEmpty()
                    || depth < SMALL.maxDepth() && array.items().size() <= SMALL.maxElements()
                    && array.items().stream().allMatch(item -> withinBounds(item, depth + 1));
            default -> true;
        };
    }

    private static byte[] written(RespReply reply) {
        return new RespWriter().reply(reply).toByteArray();
    }

    private static RespReply parseWhole(byte[] bytes) {
        try {
            var in = ByteBuffer.wrap(bytes);
            var reply = new RespParser(RespLimits.DEFAULT).next(in);
            assertTrue(!in.hasRemaining(), "a reply written again holds more than one reply");
            return reply;
        } catch (RespException e) {
            throw new AssertionError("a reply written again is refused: " + e.getMessage(), e);
        }
    }
}
