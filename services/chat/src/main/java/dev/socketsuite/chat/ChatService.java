package dev.socketsuite.chat;

import java.time.Duration;
import java.util.List;

import dev.socketsuite.runtime.ListenerGroup;
import dev.socketsuite.runtime.RawListener;
import dev.socketsuite.runtime.ServiceContext;
import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.stream.StreamListener;
import dev.socketsuite.runtime.web.WebSettings;
import dev.socketsuite.runtime.web.WebSocketListener;

/** Builds the chat listener from the {@code chat} config section. */
final class ChatService {

    private ChatService() {
    }

    static RawListener listener(ServiceContext context) {
        var settings = context.settings();
        int maxLine = settings.integer("chat.max-line", 1024, 16, 1 << 20);
        var quietPeriod = settings.duration("chat.quiet-period", Duration.ofMillis(200));
        int outboundQueue = settings.integer("chat.outbound-queue", 1024, 1, 1 << 20);
        // A newcomer's queue must hold the welcome and the whole history.
        int history = settings.integer("chat.history", 0, 0, Math.min(10_000, outboundQueue - 1));
        var rate = new ChatRate(settings.integer("chat.rate.per-second", 0, 0, 1_000_000),
                settings.integer("chat.rate.burst", 20, 1, 1_000_000));
        var lease = nickLease(settings);
        var state = context.state();
        // No shared log means the state is this process's alone, and so is the room.
        // Lines kept for members that resume: in the stream on Redis, in this process in memory.
        int keep = settings.integer("chat.keep", 10_000, 1, 10_000_000);
        var log = state.log("chat:room", keep);
        Room room = log == null
                ? new ChatRoom(outboundQueue, history, keep, context.metrics())
                : new SharedRoom(outboundQueue, history, new NickLeases(state, lease), log, context.metrics());
        var commands = new ChatCommands(room, rate, context.metrics());
        var tcp = StreamListener.tcp(context, new ChatProtocol(commands, maxLine, quietPeriod));
        // Browsers cannot open a raw socket: the same room over WebSocket, on a port of its own.
        var web = WebSettings.from(settings, "chat.web", 8088, maxLine, context.listener());
        if (web == null) {
            return tcp;
        }
        var webSocket = new WebSocketListener(context.name(), web, "/ws", new ChatWebSocket(commands),
                List.of(ChatPage.page()), context.metrics());
        return ListenerGroup.of(List.of(tcp, webSocket));
    }

    /** Long enough to be renewed in time (every third of it), short enough that a dead replica's nicks come back. */
    private static Duration nickLease(Settings settings) {
        var lease = settings.duration("chat.nick-lease", Duration.ofSeconds(30));
        if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
            throw new StartupException(Settings.describe("chat.nick-lease") + " must be 1s to 1h, not " + lease);
        }
        return lease;
    }
}
