package dev.socketsuite.chat;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.runtime.Connection;
import dev.socketsuite.runtime.ServiceMetrics;
import io.helidon.metrics.api.Counter;

/**
 * The room: who is here, and the one order in which everyone sees messages. Every line
 * is queued to all members under one lock, so all queues hold lines in the same order;
 * queuing never blocks, and a member whose queue is full is dropped instead.
 */
final class ChatRoom implements Room {

    private static final System.Logger LOG = System.getLogger(ChatRoom.class.getName());

    private final int queueCapacity;
    private final int historySize;
    private final ServiceMetrics metrics;
    private final Counter relayed;
    /** Keyed by lower-cased nick, in order of arrival. */
    private final Map<String, ChatMember> members = new LinkedHashMap<>();
    /** The last {@code historySize} messages as relayed, oldest first, for newcomers. */
    private final ArrayDeque<String> history = new ArrayDeque<>();
    private long guests;

    ChatRoom(int queueCapacity, int historySize, ServiceMetrics metrics) {
        this.queueCapacity = queueCapacity;
        this.historySize = historySize;
        this.metrics = metrics;
        this.relayed = metrics.counter("socket.chat.relayed", "Chat messages relayed to the room");
        metrics.gauge("socket.chat.clients", "Clients in the room", this::size);
    }

    synchronized int size() {
        return members.size();
    }

    /** Adds a client as {@code guest-N}, welcomes it, replays the history and tells the others. */
    @Override
    public ChatMember join(Connection connection) {
        synchronized (this) {
            String nick;
            do {
                nick = "guest-" + ++guests;
            } while (members.containsKey(key(nick)));
            var member = new ChatMember(connection, nick, queueCapacity);
            member.offer(ChatFormats.WELCOME);
            // The queue holds at least the history when history fits in it (checked at startup).
            history.forEach(line -> member.offer(ChatFormats.history(line)));
            members.put(key(nick), member);
            member.start();
            broadcast(member, null, ChatFormats.notice(nick + " joined"));
            return member;
        }
    }

    /** A message: an ACK to its author, {@code [nick] text} to everyone else. */
    @Override
    public synchronized void say(ChatMember author, String text) {
        if (!present(author)) {
            return; // left with /quit; bytes it sent after are not part of the room
        }
        var line = ChatFormats.relay(author.nick(), text);
        broadcast(author, ChatFormats.ACK, line);
        if (historySize > 0) {
            if (history.size() == historySize) {
                history.removeFirst();
            }
            history.addLast(line);
        }
        metrics.message();
        relayed.increment();
    }

    @Override
    public synchronized void rename(ChatMember member, String nick) {
        if (!present(member)) {
            return;
        }
        if (!ChatFormats.NICK.matcher(nick).matches()) {
            tell(member, ChatFormats.error("a nickname is 1-32 letters, digits, _ or -"));
        } else if (members.containsKey(key(nick)) && members.get(key(nick)) != member) {
            tell(member, ChatFormats.error("nickname " + nick + " is taken"));
        } else {
            var old = member.nick();
            members.remove(key(old));
            member.rename(nick);
            members.put(key(nick), member);
            var notice = ChatFormats.notice(old + " is now " + nick);
            broadcast(member, notice, notice);
        }
    }

    @Override
    public synchronized void who(ChatMember member) {
        tell(member, ChatFormats.who(members.values().stream().map(ChatMember::nick)
                .sorted(String.CASE_INSENSITIVE_ORDER).toList()));
    }

    /**
     * Removes the member (once) and tells the others. A member leaving on its own gets
     * what is queued for it first; one dropped for a {@code reason} is cut off at once.
     */
    @Override
    public synchronized void leave(ChatMember member, String reason) {
        if (!present(member)) {
            return;
        }
        members.remove(key(member.nick()));
        if (reason == null) {
            member.finish();
        } else {
            member.close();
        }
        var suffix = reason == null ? "" : " (" + reason + ")";
        broadcast(null, null, ChatFormats.notice(member.nick() + " left" + suffix));
    }

    /** Shutdown: every member hears it is time to reconnect, gets what is queued, and is closed. */
    @Override
    public synchronized void closeForRestart() {
        for (var member : members.values()) {
            if (member.offer(ChatFormats.RESTARTING)) {
                member.finish();
            } else {
                member.close();
            }
        }
        members.clear();
    }

    /** A line for one member only. */
    @Override
    public synchronized void tell(ChatMember member, String line) {
        if (!member.offer(line)) {
            drop(List.of(member));
        }
    }

    /**
     * Queues {@code toAuthor} for the author (if not null) and {@code toOthers} for the
     * rest; members whose queue is full are dropped afterwards.
     */
    private void broadcast(ChatMember author, String toAuthor, String toOthers) {
        var behind = new ArrayList<ChatMember>();
        for (var member : members.values()) {
            var line = member == author ? toAuthor : toOthers;
            if (line != null && !member.offer(line)) {
                behind.add(member);
            }
        }
        drop(behind);
    }

    private void drop(List<ChatMember> behind) {
        for (var member : behind) {
            LOG.log(Level.WARNING, "dropping {0} ({1}): {2} lines waiting, it is not reading",
                    member.nick(), member.connection().peer(), String.valueOf(queueCapacity));
            metrics.counter("socket.chat.dropped", "Clients disconnected by the server, by reason",
                    "reason", "slow_consumer").increment();
            leave(member, "too slow");
        }
    }

    private boolean present(ChatMember member) {
        return members.get(key(member.nick())) == member;
    }

    private static String key(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }
}
