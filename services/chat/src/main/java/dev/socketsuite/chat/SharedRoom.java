package dev.socketsuite.chat;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.SharedLog;
import dev.socketsuite.runtime.state.SharedNames;
import dev.socketsuite.runtime.state.SharedState;
import dev.socketsuite.runtime.state.StateUnavailableException;
import dev.socketsuite.runtime.stream.Connection;

/**
 * One room across replicas. Messages, joins, leaves and renames are appended to a shared
 * log (a Redis Stream), which gives them one order; each replica reads the log and queues
 * every entry to its own members under one lock, so every member everywhere sees the same
 * order. An author's acknowledgement is queued when its message comes back from the log,
 * so it means "in the room". Nicks are leased names: unique everywhere, renewed while
 * their member is here, free again soon after a replica dies without a word.
 */
final class SharedRoom implements Room {

    private static final System.Logger LOG = System.getLogger(SharedRoom.class.getName());
    /** Entries the room's stream keeps, about: far more than a replica falls behind. */
    static final int LOG_KEEP = 10_000;
    private static final Duration READ_WAIT = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final String UNAVAILABLE = "the room is unavailable: messages are not delivered until it is back";

    private final int queueCapacity;
    private final Duration lease;
    private final SharedState state;
    private final SharedLog log;
    private final SharedNames nicks;
    private final RoomMetrics metrics;
    /** This replica's name in the holders of nicks and the origin of log entries. */
    private final String replica = UUID.randomUUID().toString().substring(0, 8);
    /** This replica's members by connection id, in order of arrival. */
    private final Map<Long, ChatMember> members = new LinkedHashMap<>();
    private final ChatHistory history;
    private volatile boolean closed;
    /** Whether the log answered at the last try, as the members were last told. */
    private boolean available = true;

    SharedRoom(int queueCapacity, int historySize, Duration lease, SharedState state, SharedLog log,
               ServiceMetrics metrics) {
        this.queueCapacity = queueCapacity;
        this.history = new ChatHistory(historySize);
        this.lease = lease;
        this.state = state;
        this.log = log;
        this.nicks = state.names("chat:nicks", lease);
        this.metrics = new RoomMetrics(metrics, this::size);
        Thread.ofVirtual().name("chat-log-reader").start(this::readLog);
        Thread.ofVirtual().name("chat-nick-renewer").start(this::renewNicks);
    }

    private synchronized int size() {
        return members.size();
    }

    @Override
    public ChatMember join(Connection connection) {
        var member = new ChatMember(connection, "guest", queueCapacity);
        try {
            member.rename(claimGuestNick(member));
        } catch (StateUnavailableException e) {
            // No nick can be had: say so and close rather than seat a member nobody can see.
            // Written here, not queued: the runtime closes the connection as soon as join returns.
            metrics.error("state_unavailable");
            try {
                connection.output().write(ChatFormats.line(ChatFormats.WELCOME));
                connection.output().write(ChatFormats.line(ChatFormats.error(UNAVAILABLE)));
            } catch (IOException gone) {
                LOG.log(Level.DEBUG, "{0} left before it could be told: {1}", connection.peer(), gone.getMessage());
            }
            return null;
        }
        synchronized (this) {
            history.welcome(member);
            members.put(connection.id(), member);
        }
        try {
            log.append(Map.of("type", "join", "nick", member.nick(), "origin", holder(member)));
        } catch (StateUnavailableException e) {
            tell(member, ChatFormats.error(UNAVAILABLE)); // seated; the others hear of it if it speaks
        }
        return member;
    }

    @Override
    public void say(ChatMember author, String text) {
        if (!present(author)) {
            return;
        }
        try {
            log.append(Map.of("type", "msg", "nick", author.nick(), "text", text, "origin", holder(author)));
        } catch (StateUnavailableException e) {
            metrics.error("state_unavailable");
            // If the room failed mid-append the message may be in it after all; then its
            // acknowledgement follows once the room is back. Say no more than is known.
            tell(author, ChatFormats.error("your message may not have reached the room: " + UNAVAILABLE));
        }
    }

    @Override
    public void rename(ChatMember member, String nick) {
        if (!present(member)) {
            return;
        }
        if (!ChatFormats.NICK.matcher(nick).matches()) {
            tell(member, ChatFormats.error("a nickname is 1-32 letters, digits, _ or -"));
            return;
        }
        try {
            String old;
            synchronized (member) { // see renewNicks
                if (!nicks.claim(nick, holder(member))) {
                    tell(member, ChatFormats.error("nickname " + nick + " is taken"));
                    return;
                }
                old = member.nick();
                member.rename(nick);
                if (!old.equalsIgnoreCase(nick)) {
                    nicks.release(old, holder(member));
                }
            }
            log.append(Map.of("type", "rename", "nick", old, "to", nick, "origin", holder(member)));
        } catch (StateUnavailableException e) {
            metrics.error("state_unavailable");
            tell(member, ChatFormats.error(UNAVAILABLE));
        }
    }

    @Override
    public void who(ChatMember member) {
        try {
            var everyone = new ArrayList<>(nicks.list());
            everyone.sort(String.CASE_INSENSITIVE_ORDER);
            tell(member, ChatFormats.who(everyone));
        } catch (StateUnavailableException e) {
            tell(member, ChatFormats.error(UNAVAILABLE));
        }
    }

    @Override
    public void leave(ChatMember member, String reason) {
        synchronized (this) {
            if (members.remove(member.connection().id()) == null) {
                return;
            }
            if (reason == null) {
                member.finish();
            } else {
                member.close();
            }
        }
        announceLeave(member, reason == null ? "" : reason);
    }

    /** Frees the nick and tells the room; both talk to Redis, so never under the lock. */
    private void announceLeave(ChatMember member, String reason) {
        try {
            synchronized (member) { // see renewNicks
                nicks.release(member.nick(), holder(member));
            }
            log.append(Map.of("type", "leave", "nick", member.nick(), "reason", reason, "origin", holder(member)));
        } catch (StateUnavailableException e) {
            LOG.log(Level.DEBUG, "{0} left while the room was unavailable; its nick frees itself in {1}",
                    member.nick(), lease);
        }
    }

    @Override
    public synchronized void tell(ChatMember member, String line) {
        if (!member.offer(line)) {
            drop(List.of(member));
        }
    }

    @Override
    public void closeForRestart() {
        closed = true;
        List<ChatMember> leaving;
        synchronized (this) {
            leaving = List.copyOf(members.values());
            leaving.forEach(member -> member.finishWith(ChatFormats.RESTARTING));
            members.clear();
        }
        // No interrupt: a virtual thread interrupted in a socket read closes the socket, which
        // would take the connection to Redis down just when the goodbyes below need it.
        // The reader and the renewer see `closed` within a read or a pause and end.
        // Nicks are free at once rather than when their leases run out.
        leaving.forEach(member -> announceLeave(member, "server restarting"));
    }

    /** Reads the log from where this replica stands and queues each entry to its members. */
    private void readLog() {
        String position = null;
        while (!closed) {
            try {
                if (position == null) {
                    position = loadHistory();
                }
                var entries = log.readAfter(position, READ_WAIT, 256);
                setAvailable(true);
                for (var entry : entries) {
                    deliver(entry.fields());
                    position = entry.id();
                }
            } catch (StateUnavailableException e) {
                setAvailable(false);
                if (!pause(RETRY)) {
                    return;
                }
            }
        }
    }

    /** Fills the history from the log's tail; returns the position to read on from. */
    private String loadHistory() {
        var tail = log.last(Math.max(1, history.capacity() * 4));
        synchronized (this) {
            for (var entry : tail) {
                if ("msg".equals(entry.fields().get("type"))) {
                    history.add(ChatFormats.relay(entry.fields().get("nick"), entry.fields().get("text")));
                }
            }
        }
        return tail.isEmpty() ? "0-0" : tail.getLast().id();
    }

    private synchronized void deliver(Map<String, String> entry) {
        var origin = entry.getOrDefault("origin", "");
        var nick = entry.get("nick");
        var behind = new ArrayList<ChatMember>();
        switch (entry.getOrDefault("type", "")) {
            case "msg" -> {
                var line = ChatFormats.relay(nick, entry.get("text"));
                for (var member : members.values()) {
                    if (!member.offer(holder(member).equals(origin) ? ChatFormats.ACK : line)) {
                        behind.add(member);
                    }
                }
                history.add(line);
                metrics.relayed();
            }
            case "join" -> queueToAll(ChatFormats.joined(nick), origin, behind);
            case "leave" -> queueToAll(ChatFormats.left(nick, entry.get("reason")), null, behind);
            case "rename" -> queueToAll(ChatFormats.renamed(nick, entry.get("to")), null, behind);
            default -> LOG.log(Level.DEBUG, "skipped a log entry of unknown type: {0}", entry);
        }
        drop(behind);
    }

    private void queueToAll(String line, String exceptOrigin, List<ChatMember> behind) {
        for (var member : members.values()) {
            if (!holder(member).equals(exceptOrigin) && !member.offer(line)) {
                behind.add(member);
            }
        }
    }

    /** Tells the members once when the room goes away and once when it is back. */
    private synchronized void setAvailable(boolean now) {
        if (now == available) {
            return;
        }
        available = now;
        var line = now ? ChatFormats.notice("the room is back") : ChatFormats.error(UNAVAILABLE);
        var behind = new ArrayList<ChatMember>();
        queueToAll(line, null, behind);
        drop(behind);
    }

    /** Renews this replica's nicks well before their leases run out. */
    private void renewNicks() {
        while (!closed && pause(lease.dividedBy(3))) {
            List<ChatMember> current;
            synchronized (this) {
                current = List.copyOf(members.values());
            }
            try {
                for (var member : current) {
                    // A renewal re-takes a nick that is gone, as one lost with Redis is. Under the
                    // member's lock, so a nick just released by /nick or by leaving is never re-taken.
                    synchronized (member) {
                        if (present(member) && !nicks.renew(List.of(member.nick()), holder(member)).isEmpty()) {
                            var taken = member.nick();
                            member.rename(claimGuestNick(member));
                            tell(member, ChatFormats.error("your nickname " + taken
                                    + " was taken while the room was away; you are now " + member.nick()));
                        }
                    }
                }
            } catch (StateUnavailableException e) {
                LOG.log(Level.DEBUG, "nick leases not renewed: {0}", e.getMessage());
            }
        }
    }

    /** {@code guest-N} with N from the shared counter, skipping any a member took by /nick. */
    private String claimGuestNick(ChatMember member) {
        while (true) {
            var nick = "guest-" + state.next("chat:guests");
            if (nicks.claim(nick, holder(member))) {
                return nick;
            }
        }
    }

    /** Drops members too far behind; called under the lock, so each is dropped and counted once. */
    private void drop(List<ChatMember> behind) {
        for (var member : behind) {
            if (members.remove(member.connection().id()) == null) {
                continue;
            }
            metrics.droppedAsSlow(member, queueCapacity);
            member.close();
            Thread.ofVirtual().start(() -> announceLeave(member, "too slow"));
        }
    }

    private synchronized boolean present(ChatMember member) {
        return members.get(member.connection().id()) == member;
    }

    private String holder(ChatMember member) {
        return replica + "/" + member.connection().id();
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
