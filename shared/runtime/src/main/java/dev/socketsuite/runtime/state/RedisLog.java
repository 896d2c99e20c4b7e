package dev.socketsuite.runtime.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.protocol.redis.RespReply;
import dev.socketsuite.runtime.stream.LoopClient;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A {@link SharedLog} on a Redis Stream, trimmed to about {@code keep} entries. One script
 * takes the next offsets and appends the entries with them (field {@code offset}, under ids
 * the server gives), so offsets follow the stream's order. Entries appended at the same time
 * during one event loop turn share one script call on that loop's connection ({@link TurnBatch}).
 */
final class RedisLog implements SharedLog {

    /**
     * KEYS: the stream, its offset counter; ARGV: keep, the highest offset this replica has
     * seen, the number of entries, then per entry its number of fields and its field, value
     * pairs. Returns the entries' offsets, consecutive. An offset never goes below what this
     * replica saw, so a server that lost its data starts its offsets past them.
     */
    private static final String APPEND = """
            local entries = tonumber(ARGV[3])
            local first = redis.call('INCRBY', KEYS[2], entries) - entries + 1
            local floor = tonumber(ARGV[2])
            if first <= floor then
              first = floor + 1
              redis.call('SET', KEYS[2], first + entries - 1)
            end
            local offsets = {}
            local at = 4
            for offset = first, first + entries - 1 do
              local command = {'XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'offset', offset}
              local fields = tonumber(ARGV[at])
              for i = at + 1, at + fields * 2 do
                command[#command + 1] = ARGV[i]
              end
              redis.call(unpack(command))
              offsets[#offsets + 1] = offset
              at = at + 1 + fields * 2
            end
            return offsets
            """;
    private static final String APPEND_SHA1 = RedisState.sha1Hex(APPEND);
    /** Entries read per page when looking back for an offset. */
    private static final int PAGE = 1000;

    private final RedisState redis;
    private final String key;
    private final List<String> keys;
    private final int keep;
    private final AtomicLong highest = new AtomicLong();

    RedisLog(RedisState redis, String key, int keep) {
        this.redis = redis;
        this.key = key;
        this.keys = List.of(key, key + ":offset");
        this.keep = keep;
    }

    /** Appends made during one loop turn go out in one script call, behind one WAIT. */
    @Override
    public long append(Map<String, String> fields) {
        return TurnBatch.await(redis.inTurn("log " + key, fields, this::appendAll));
    }

    private void appendAll(LoopClient loop, TurnBatch<Map<String, String>, Long> batch) {
        var args = new ArrayList<String>();
        args.add(String.valueOf(keep));
        args.add(String.valueOf(highest.get()));
        args.add(String.valueOf(batch.requests().size()));
        for (var fields : batch.requests()) {
            args.add(String.valueOf(fields.size()));
            fields.forEach((name, value) -> {
                args.add(name);
                args.add(value);
            });
        }
        redis.scriptOn(loop, APPEND, APPEND_SHA1, keys, args).whenComplete((reply, error) -> {
            var refusal = redis.refusal(reply, error, RespReply.Array.class);
            if (refusal != null) {
                batch.refuse(refusal);
                return;
            }
            var offsets = new ArrayList<Long>();
            for (var item : ((RespReply.Array) reply).items()) {
                if (!(item instanceof RespReply.Int offset)) {
                    batch.refuse(new StateUnavailableException("an append was answered " + reply));
                    return;
                }
                offsets.add(offset.value());
            }
            offsets.forEach(this::saw);
            batch.handOut(offsets);
        });
    }

    /**
     * Sent from an event loop on a connection of its own, as the server holds the read until an
     * entry comes or the wait runs out; the calling thread waits for the answer.
     */
    @Override
    public List<Entry> readAfter(String afterId, Duration block, int max) {
        var command = new ArrayList<>(List.of("XREAD", "COUNT", String.valueOf(max)));
        long wait = Math.min(block.toMillis(), redis.maxBlock().toMillis());
        if (wait > 0) {
            command.addAll(List.of("BLOCK", String.valueOf(wait))); // 0 would mean "forever"
        }
        command.addAll(List.of("STREAMS", key, afterId));
        return entries(TurnBatch.await(redis.readWaiting("read " + key, command)));
    }

    /** XREAD's answer: per stream its name and entries, each an id and its fields and values; null when none came. */
    private List<Entry> entries(RespReply.Array streams) {
        var entries = new ArrayList<Entry>();
        if (streams.items() == null) {
            return entries;
        }
        try {
            for (var stream : streams.items()) {
                for (var item : items(items(stream).get(1))) {
                    var idAndFields = items(item);
                    var pairs = items(idAndFields.get(1));
                    var fields = new HashMap<String, String>();
                    for (int i = 0; i + 1 < pairs.size(); i += 2) {
                        fields.put(((RespReply.Bulk) pairs.get(i)).text(), ((RespReply.Bulk) pairs.get(i + 1)).text());
                    }
                    entries.add(entry(((RespReply.Bulk) idAndFields.get(0)).text(), fields));
                }
            }
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new StateUnavailableException("a read of the log was answered " + streams);
        }
        return entries;
    }

    private static List<RespReply> items(RespReply reply) {
        var items = ((RespReply.Array) reply).items();
        return items == null ? List.of() : items;
    }

    @Override
    public List<Entry> last(int count) {
        return newestFirstToOldest(redis.callRetrying(client -> client.xrevrange(key, "+", "-", count)));
    }

    /** With replicas to wait for, an entry is in the stream, and readable, before they hold it. */
    @Override
    public boolean readsAheadOfAppends() {
        return redis.minReplicas() > 0;
    }

    /** Pages back from the newest entry until one at or below {@code offset}: a resume is rare, the stream short. */
    @Override
    public List<Entry> since(long offset) {
        var newestFirst = new ArrayList<StreamEntry>();
        var end = "+";
        while (true) {
            var upTo = end;
            var page = redis.callRetrying(client -> client.xrevrange(key, upTo, "-", PAGE));
            for (var entry : page) {
                if (offsetOf(entry) <= offset) {
                    return newestFirstToOldest(newestFirst);
                }
                newestFirst.add(entry);
            }
            if (page.size() < PAGE) {
                return newestFirstToOldest(newestFirst);
            }
            end = "(" + page.getLast().getID();
        }
    }

    private List<Entry> newestFirstToOldest(List<StreamEntry> newestFirst) {
        var entries = new ArrayList<Entry>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            entries.add(entry(newestFirst.get(i)));
        }
        return entries;
    }

    private Entry entry(StreamEntry entry) {
        return entry(entry.getID().toString(), new HashMap<>(entry.getFields()));
    }

    /** The entry {@code id} whose fields (taken, not copied) hold its offset. */
    private Entry entry(String id, Map<String, String> fields) {
        long offset = offsetOf(fields.remove("offset"));
        saw(offset);
        return new Entry(id, offset, fields);
    }

    /** An entry's offset; 0 for one appended before offsets were (it sorts before every offset). */
    private static long offsetOf(StreamEntry entry) {
        return offsetOf(entry.getFields().get("offset"));
    }

    private static long offsetOf(String offset) {
        try {
            return offset == null ? 0 : Long.parseLong(offset);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void saw(long offset) {
        highest.accumulateAndGet(offset, Math::max);
    }
}
