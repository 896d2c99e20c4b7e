package dev.socketsuite.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Redis primary, two replicas and three sentinels ({@code redis-server --sentinel}), all
 * real processes on free loopback ports. A sentinel calls the primary down after 1 s of
 * silence, so a failover takes a few seconds.
 */
public final class RedisSentinels implements AutoCloseable {

    public static final String MASTER_NAME = "mymaster";

    private final List<RedisServer> servers = new ArrayList<>();
    private final List<Process> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final Path directory;
    /** The servers' and the sentinels' password, or null for none. */
    private final String password;

    private RedisSentinels(Path directory, String password) {
        this.directory = directory;
        this.password = password;
    }

    /** Starts the primary and its replicas, then the sentinels; returns once both replicas are in sync and every sentinel knows them and the other sentinels. */
    public static RedisSentinels start() throws IOException, InterruptedException {
        return start(null);
    }

    /** Same, with {@code password} required by every server and every sentinel (none when null). */
    public static RedisSentinels start(String password) throws IOException, InterruptedException {
        var set = new RedisSentinels(Files.createTempDirectory("sentinels-"), password);
        try {
            var primary = RedisServer.start(password);
            set.servers.add(primary);
            set.servers.add(RedisServer.startReplicaOf(primary));
            set.servers.add(RedisServer.startReplicaOf(primary));
            for (int i = 0; i < 3; i++) {
                set.startSentinel(i, primary.port());
            }
            set.awaitSentinelsSee(primary.port(), 2, Duration.ofSeconds(20));
        } catch (IOException | InterruptedException | RuntimeException e) {
            set.close();
            throw e;
        }
        return set;
    }

    /** {@code 127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}, as {@code STATE_REDIS_SENTINELS} takes it. */
    public String sentinels() {
        return sentinelPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** What a replica's environment adds to find the primary through the sentinels. */
    public Map<String, String> env() {
        return Map.of("STATE_REDIS_SENTINELS", sentinels(), "STATE_REDIS_MASTER_NAME", MASTER_NAME);
    }

    /** The URL that gives the services the db; its host and port are the sentinels' business. */
    public String url() {
        return "redis://127.0.0.1:" + servers.getFirst().port() + "/0";
    }

    /** The server the sentinels call primary now. */
    public int primaryPort() {
        try (var sentinel = connect(sentinelPorts.getFirst())) {
            return Integer.parseInt(sentinel.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
        }
    }

    /** One of the servers replicating the current primary. */
    public RedisServer aReplica() {
        int primary = primaryPort();
        return servers.stream().filter(server -> server.port() != primary).findFirst().orElseThrow();
    }

    /** Kills the current primary with SIGKILL and returns its port. */
    public int killPrimary() throws InterruptedException {
        int port = primaryPort();
        for (var server : servers) {
            if (server.port() == port) {
                server.kill();
            }
        }
        return port;
    }

    /** Waits until the sentinels name a primary other than {@code oldPort}; returns the new one's port. */
    public int awaitFailoverFrom(int oldPort, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() - end < 0) {
            try {
                int port = primaryPort();
                if (port != oldPort && "master".equals(role(port))) {
                    return port;
                }
            } catch (RuntimeException notYet) {
                // a sentinel busy electing answers late
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no failover from port " + oldPort + " within " + deadline);
    }

    /**
     * Makes {@code replica} the primary the way an operator's script might, without a failover:
     * it stops replicating, the other servers follow it, and each sentinel is told to monitor
     * it instead. No sentinel publishes {@code +switch-master} for this, so a client that only
     * listens for that message never hears of it. Returns once every sentinel names it.
     */
    public void moveWithoutAnnouncing(RedisServer replica) throws InterruptedException {
        try (var promoted = connect(replica.port())) {
            promoted.replicaofNoOne();
        }
        for (var server : servers) {
            if (server != replica && server.alive()) {
                try (var follower = connect(server.port())) {
                    follower.replicaof("127.0.0.1", replica.port());
                }
            }
        }
        for (int port : sentinelPorts) {
            try (var sentinel = connect(port)) {
                sentinel.sentinelRemove(MASTER_NAME);
                sentinel.sentinelMonitor(MASTER_NAME, "127.0.0.1", replica.port(), 2);
                var settings = new java.util.HashMap<>(Map.of("down-after-milliseconds", "1000", "failover-timeout", "10000"));
                if (password != null) {
                    settings.put("auth-pass", password);
                }
                sentinel.sentinelSet(MASTER_NAME, settings);
            }
        }
        int healed = awaitHealed(Duration.ofSeconds(20));
        if (healed != replica.port()) {
            throw new IllegalStateException("the servers settled on port " + healed + ", not " + replica.port());
        }
    }

    /**
     * Waits until Redis has healed from a failover, however many switches it took: every
     * sentinel names the same primary, which is a primary, and every other server still
     * running replicates it, online. Returns that primary's port.
     */
    public int awaitHealed(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                int port = primaryPort();
                long others = servers.stream().filter(server -> server.alive() && server.port() != port).count();
                if (everySentinelNames(port) && "master".equals(role(port)) && onlineReplicas(port) >= others) {
                    return port;
                }
            } catch (RuntimeException notYet) {
                // a server or sentinel busy with the failover answers late
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("Redis did not heal within " + deadline);
            }
            Thread.sleep(50);
        }
    }

    private boolean everySentinelNames(int primaryPort) {
        for (int port : sentinelPorts) {
            try (var sentinel = connect(port)) {
                if (Integer.parseInt(sentinel.sentinelGetMasterAddrByName(MASTER_NAME).get(1)) != primaryPort) {
                    return false;
                }
            }
        }
        return true;
    }

    private void startSentinel(int index, int primaryPort) throws IOException, InterruptedException {
        int port = RedisServer.freePort();
        var config = directory.resolve("sentinel-" + index + ".conf");
        Files.writeString(config, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + directory,
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primaryPort + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                password == null ? "" : "requirepass \"" + password + "\"",
                password == null ? "" : "sentinel auth-pass " + MASTER_NAME + " \"" + password + "\"",
                password == null ? "" : "sentinel sentinel-pass \"" + password + "\"",
                ""));
        var process = new ProcessBuilder(RedisServer.executable(), config.toString(), "--sentinel")
                .redirectErrorStream(true).redirectOutput(directory.resolve("sentinel-" + index + ".log").toFile())
                .start();
        sentinels.add(process);
        sentinelPorts.add(port);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (var sentinel = connect(port)) {
                sentinel.ping();
                return;
            } catch (JedisException notYet) {
                if (!process.isAlive() || System.nanoTime() - end > 0) {
                    throw new IllegalStateException("redis-server --sentinel did not start on port " + port);
                }
                Thread.sleep(20);
            }
        }
    }

    private void awaitSentinelsSee(int primaryPort, int replicas, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        for (int port : sentinelPorts) {
            while (true) {
                int known;
                int peers;
                try (var sentinel = connect(port)) {
                    known = sentinel.sentinelReplicas(MASTER_NAME).size();
                    peers = sentinel.sentinelSentinels(MASTER_NAME).size();
                }
                // A failover needs a majority of sentinels that heard from each other.
                if (known >= replicas && peers == sentinelPorts.size() - 1 && "master".equals(role(primaryPort))
                        && onlineReplicas(primaryPort) >= replicas) {
                    break;
                }
                if (System.nanoTime() - end > 0) {
                    throw new IllegalStateException("the sentinels did not find " + replicas + " replicas in " + deadline);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Replicas done with their first sync: only they acknowledge a WAIT. */
    private long onlineReplicas(int port) {
        try (var server = connect(port)) {
            return server.info("replication").lines().filter(line -> line.contains("state=online")).count();
        }
    }

    private Jedis connect(int port) {
        var jedis = new Jedis("127.0.0.1", port);
        if (password != null) {
            jedis.auth(password);
        }
        return jedis;
    }

    private String role(int port) {
        try (var server = connect(port)) {
            var first = server.role().getFirst();
            return first instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : String.valueOf(first);
        }
    }

    @Override
    public void close() {
        for (var process : sentinels) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        servers.forEach(RedisServer::close);
    }
}
