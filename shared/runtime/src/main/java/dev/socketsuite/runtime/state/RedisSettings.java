package dev.socketsuite.runtime.state;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach Redis.
 *
 * @param uri        {@code redis://[user:password@]host:port/db} or {@code rediss://} for TLS
 * @param password   overrides the URL's password when set, so a Kubernetes Secret can hold it
 * @param timeout    connect and reply timeout of one round trip
 * @param poolSize   connections kept open to the server
 * @param keyPrefix  prefix of every key, so several suites can share one server
 * @param clientName shown by {@code CLIENT LIST} on the server
 */
record RedisSettings(URI uri, String password, Duration timeout, int poolSize, String keyPrefix, String clientName) {
}
