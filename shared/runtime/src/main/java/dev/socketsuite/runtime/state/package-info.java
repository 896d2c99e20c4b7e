/**
 * State that replicas share: numbered counters, the chat room's log and leased names.
 * {@link dev.socketsuite.runtime.state.SharedState} is what services see, opened by
 * {@link dev.socketsuite.runtime.state.SharedStates} from {@code state.backend}: in this
 * process ({@code MemoryState}) or on Redis ({@code RedisState}, one server or the primary
 * Sentinel names, {@code RedisEndpoint}). On Redis, counters and the log's appends reach the
 * server through each event loop's own connection ({@code RedisPipe}, over TLS for
 * {@code rediss://} with {@code RedisWire}): a turn's requests share one command
 * ({@code TurnBatch}) and one write, replies are read on the loop. The client library keeps
 * the control plane (Sentinel, the watcher) and the log's reads and the nick leases.
 * Nothing waits on the network unless it asks to
 * ({@link dev.socketsuite.runtime.state.SharedState#reserveLater}), a write
 * counts once {@code state.redis.min-replicas} replicas hold it, and
 * {@code RedisAvailability} says whether requests may go out at all (readiness).
 * {@link dev.socketsuite.runtime.state.SharedLog} is a Redis Stream whose ids are the
 * entries' offsets; {@link dev.socketsuite.runtime.state.SharedNames} are leases.
 * Uses config and metrics; services never see Redis.
 */
package dev.socketsuite.runtime.state;
