package dev.socketsuite.runtime.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import redis.clients.jedis.params.ScanParams;

/**
 * {@link SharedNames} as one Redis key per name ({@code PREFIX<lower-cased name>}) holding
 * {@code holder TAB name} with an expiry: the lease. Scripts make each check-and-set atomic.
 */
final class RedisNames implements SharedNames {

    /** Takes a free name, or re-takes (and re-spells) one this holder has; 1 when it is the holder's. */
    private static final String CLAIM = """
            local v = redis.call('GET', KEYS[1])
            if v == false or string.sub(v, 1, #ARGV[3]) == ARGV[3] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0
            """;
    private static final String RELEASE = """
            local v = redis.call('GET', KEYS[1])
            if v ~= false and string.sub(v, 1, #ARGV[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
            end
            return 0
            """;
    /** Renews each name, re-taking expired ones; returns the (1-based) positions someone else took. */
    private static final String RENEW = """
            local lost = {}
            for i, key in ipairs(KEYS) do
              local v = redis.call('GET', key)
              if v == false or string.sub(v, 1, #ARGV[2]) == ARGV[2] then
                redis.call('SET', key, ARGV[i + 2], 'PX', ARGV[1])
              else
                table.insert(lost, i)
              end
            end
            return lost
            """;
    private static final String CLAIM_SHA1 = RedisState.sha1Hex(CLAIM);
    private static final String RELEASE_SHA1 = RedisState.sha1Hex(RELEASE);
    private static final String RENEW_SHA1 = RedisState.sha1Hex(RENEW);

    private final RedisState redis;
    private final String prefix;
    private final String leaseMillis;

    RedisNames(RedisState redis, String prefix, Duration lease) {
        this.redis = redis;
        this.prefix = prefix;
        this.leaseMillis = String.valueOf(lease.toMillis());
    }

    @Override
    public boolean claim(String name, String holder) {
        var reply = redis.callRetrying(client -> redis.script(CLAIM, CLAIM_SHA1, List.of(key(name)),
                List.of(value(holder, name), leaseMillis, holderTag(holder))));
        return Long.valueOf(1).equals(reply);
    }

    @Override
    public void release(String name, String holder) {
        redis.callRetrying(client -> redis.script(RELEASE, RELEASE_SHA1, List.of(key(name)), List.of(holderTag(holder))));
    }

    @Override
    public List<String> renew(Collection<String> names, String holder) {
        if (names.isEmpty()) {
            return List.of();
        }
        var ordered = List.copyOf(names);
        var keys = ordered.stream().map(this::key).toList();
        var args = new ArrayList<String>(List.of(leaseMillis, holderTag(holder)));
        ordered.forEach(name -> args.add(value(holder, name)));
        var lost = (List<?>) redis.callRetrying(client -> redis.script(RENEW, RENEW_SHA1, keys, args));
        return lost.stream().map(position -> ordered.get(((Long) position).intValue() - 1)).toList();
    }

    @Override
    public List<String> list() {
        return redis.callRetrying(client -> {
            var names = new ArrayList<String>();
            var params = new ScanParams().match(prefix + "*").count(500);
            var cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = client.scan(cursor, params);
                if (!page.getResult().isEmpty()) {
                    for (var value : client.mget(page.getResult().toArray(String[]::new))) {
                        if (value != null) { // expired between the scan and the read
                            names.add(value.substring(value.indexOf('\t') + 1));
                        }
                    }
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            return names;
        });
    }

    private String key(String name) {
        return prefix + name.toLowerCase(Locale.ROOT);
    }

    private static String holderTag(String holder) {
        return holder + "\t";
    }

    private static String value(String holder, String name) {
        return holderTag(holder) + name;
    }
}
