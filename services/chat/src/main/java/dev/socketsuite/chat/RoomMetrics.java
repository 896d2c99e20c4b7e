package dev.socketsuite.chat;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

import dev.socketsuite.runtime.metrics.ServiceMetrics;
import io.helidon.metrics.api.Counter;

/** What either room counts: clients here, messages relayed, clients dropped for not reading. */
final class RoomMetrics {

    private static final System.Logger LOG = System.getLogger(RoomMetrics.class.getName());

    private final ServiceMetrics metrics;
    private final Counter relayed;
    private final Counter slowConsumers;

    RoomMetrics(ServiceMetrics metrics, Supplier<Integer> clients) {
        this.metrics = metrics;
        this.relayed = metrics.counter("socket.chat.relayed", "Chat messages relayed to the room");
        this.slowConsumers = metrics.counter("socket.chat.dropped", "Clients disconnected by the server, by reason",
                "reason", "slow_consumer");
        metrics.gauge("socket.chat.clients", "Clients in the room on this replica", clients);
    }

    void relayed() {
        metrics.message();
        relayed.increment();
    }

    void droppedAsSlow(ChatMember member, int queueCapacity) {
        LOG.log(Level.WARNING, "dropping {0} ({1}): {2} lines waiting, it is not reading",
                member.nick(), member.outlet().peer(), String.valueOf(queueCapacity));
        slowConsumers.increment();
    }

    void error(String kind) {
        metrics.error(kind);
    }
}
