package dev.socketsuite.runtime.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A {@link SharedLog} on a Redis Stream, trimmed to about {@code keep} entries. Entries
 * appended at the same time share a round trip ({@link GroupCommit}).
 */
final class RedisLog implements SharedLog {

    private final RedisState redis;
    private final String key;
    private final int keep;
    private final GroupCommit<Map<String, String>, String> appends;

    RedisLog(RedisState redis, String key, int keep) {
        this.redis = redis;
        this.key = key;
        this.keep = keep;
        this.appends = new GroupCommit<>("state-log", redis.tripsInFlight(), this::appendAll);
    }

    /** Appends from several members at once go out in one pipeline, behind one WAIT. */
    @Override
    public String append(Map<String, String> fields) {
        return GroupCommit.await(appends.submit(fields));
    }

    private List<String> appendAll(List<Map<String, String>> batch) {
        var params = XAddParams.xAddParams().maxLen(keep).approximateTrimming();
        return redis.call(client -> redis.replicated(key, pipeline -> {
            var ids = batch.stream().map(fields -> pipeline.xadd(key, params, fields)).toList();
            return () -> ids.stream().map(id -> id.get().toString()).toList();
        }));
    }

    @Override
    public List<Entry> readAfter(String afterId, Duration block, int max) {
        var params = XReadParams.xReadParams().count(max);
        long wait = Math.min(block.toMillis(), redis.maxBlock().toMillis());
        if (wait > 0) {
            params.block((int) wait); // 0 would mean "forever"
        }
        var from = NEWEST.equals(afterId) ? StreamEntryID.XREAD_NEW_ENTRY : new StreamEntryID(afterId);
        var reply = redis.callWaiting(client -> client.xread(params, Map.of(key, from)));
        var entries = new ArrayList<Entry>();
        if (reply != null) {
            for (var stream : reply) {
                stream.getValue().forEach(entry -> entries.add(entry(entry)));
            }
        }
        return entries;
    }

    @Override
    public List<Entry> last(int count) {
        var newestFirst = redis.callRetrying(client -> client.xrevrange(key, "+", "-", count));
        var entries = new ArrayList<Entry>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            entries.add(entry(newestFirst.get(i)));
        }
        return entries;
    }

    private static Entry entry(StreamEntry entry) {
        return new Entry(entry.getID().toString(), entry.getFields());
    }
}
