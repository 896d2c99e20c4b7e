package dev.socketsuite.runtime.state;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import redis.clients.jedis.HostAndPort;

/**
 * How to reach Redis.
 *
 * @param uri              {@code redis://[user:password@]host:port/db} or {@code rediss://} for TLS; with
 *                         sentinels, its host and port are unused: the sentinels name the primary
 * @param password         overrides the URL's password when set, so a Kubernetes Secret can hold it
 * @param sentinels        the sentinels to ask for the primary, or none for one server at {@code uri}
 * @param masterName       the name the sentinels know the primary by
 * @param sentinelPassword the sentinels' own password, or null when they need none
 * @param minReplicas      replicas that must hold a write before it counts as done ({@code WAIT})
 * @param timeout          connect and reply timeout of one round trip, the {@code WAIT} included
 * @param poolSize         connections kept open to the server
 * @param keyPrefix        prefix of every key, so several suites can share one server
 * @param clientName       shown by {@code CLIENT LIST} on the server
 * @param tls              for {@code rediss://}: whom to trust (the JDK's authorities, or those of
 *                         {@code state.redis.tls.ca-file}); null for {@code redis://}
 */
record RedisSettings(URI uri, String password, List<HostAndPort> sentinels, String masterName,
                     String sentinelPassword, int minReplicas, Duration timeout, int poolSize, String keyPrefix,
                     String clientName, SSLContext tls) {

    /** {@code parameters}, checking the server's name against its certificate, as every connection to Redis does. */
    static SSLParameters checkingServerName(SSLParameters parameters) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    boolean sentinel() {
        return !sentinels.isEmpty();
    }
}
