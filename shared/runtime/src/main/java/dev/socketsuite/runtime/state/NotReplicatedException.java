package dev.socketsuite.runtime.state;

import redis.clients.jedis.exceptions.JedisException;

/** A write the primary took but fewer replicas than {@code state.redis.min-replicas} acknowledged in time. */
final class NotReplicatedException extends JedisException {

    NotReplicatedException(String message) {
        super(message);
    }
}
