package dev.socketsuite.chat;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.SharedLog;
import dev.socketsuite.runtime.state.StateUnavailableException;

/**
 * One room across replicas. Messages, joins, leaves and renames are appended to a shared
 * log (a Redis Stream), which gives them one order; each replica reads the log
 * ({@link RoomLogReader}) and queues every entry to its own members under one lock, so every
 * member everywhere sees the same order. An author's acknowledgement is queued when its
 * message comes back from the log, so it means "in the room"; when appends wait for replicas
 * ({@code state.redis.min-replicas}), not before its append returned either, so it also means
 * "kept through a failover". Nicks are leases
 * ({@link NickLeases}), unique everywhere.
 */
final class SharedRoom implements Room, RoomLogReader.Room {

    private static final System.Logger LOG = System.getLogger(SharedRoom.class.getName());
    private static final String UNAVAILABLE = "the room is unavailable: messages are not delivered until it is back";

    private final int queueCapacity;
    private final SharedLog log;
    /** A message read back from the log may still be lost: its acknowledgement also waits for its append. */
    private final boolean ackAfterAppend;
    private final NickLeases nicks;
    private final RoomMetrics metrics;
    /** This replica's members, found by connection: a nick can move between members here and elsewhere. */
    private final Members members = new Members(member -> member.outlet().id());
    private final ChatHistory history;
    /** The offset of the last entry delivered here: what a member of this replica has seen. */
    private long delivered;
    private volatile boolean closed;

    SharedRoom(int queueCapacity, int historySize, NickLeases nicks, SharedLog log, ServiceMetrics metrics) {
        this.queueCapacity = queueCapacity;
        this.history = new ChatHistory(historySize);
        this.nicks = nicks;
        this.log = log;
        this.ackAfterAppend = log.readsAheadOfAppends();
        this.metrics = new RoomMetrics(metrics, this::size);
        var reader = new RoomLogReader(log, Math.max(1, historySize * 4), this, () -> !closed);
        Thread.ofVirtual().name("chat-log-reader").start(reader);
        Thread.ofVirtual().name("chat-nick-renewer").start(() -> nicks.renewWhile(() -> !closed,
                this::here, this::present, (member, taken) -> tell(member, ChatFormats.error("your nickname " + taken
                        + " was taken while the room was away; you are now " + member.nick()))));
    }


    private synchronized int size() {
        return members.size();
    }

    @Override
    public ChatMember join(MemberOutlet outlet, boolean offsets, long resumeAfter) {
        var member = new ChatMember(outlet, "guest", queueCapacity, offsets);
        try {
            member.rename(nicks.claimGuest(member));
        } catch (StateUnavailableException e) {
            // No nick can be had: say so and close rather than seat a member nobody can see.
            // Written here, not queued: the runtime closes the connection as soon as join returns.
            metrics.error("state_unavailable");
            try {
                outlet.write(List.of(ChatFormats.WELCOME, ChatFormats.error(UNAVAILABLE)));
            } catch (IOException gone) {
                LOG.log(Level.DEBUG, "{0} left before it could be told: {1}", outlet.peer(), gone.getMessage());
            }
            return null;
        }
        synchronized (this) {
            boolean resuming = resumeAfter != NEWCOMER;
            history.welcome(member, resuming);
            member.liveFrom(delivered + 1);
            members.add(member);
            if (resuming) {
                resume(member, resumeAfter);
            }
        }
        try {
            log.append(Map.of("type", "join", "nick", member.nick(), "origin", nicks.holder(member)));
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
        if (ackAfterAppend) {
            synchronized (this) {
                author.sending();
            }
        }
        try {
            long at = log.append(Map.of("type", "msg", "nick", author.nick(), "text", text, "origin", nicks.holder(author)));
            if (ackAfterAppend) {
                synchronized (this) {
                    if (author.acknowledgeWhen(true, at)) {
                        tell(author, author.numbered(at, ChatFormats.ACK));
                    }
                }
            }
        } catch (StateUnavailableException e) {
            metrics.error("state_unavailable");
            synchronized (this) {
                author.sendFailed();
            }
            // If the room failed mid-append the message may be in it after all: members may see it,
            // and unless appends wait for replicas its acknowledgement follows. Say no more than is known.
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
            var old = member.nick();
            if (!nicks.rename(member, nick)) {
                tell(member, ChatFormats.error("nickname " + nick + " is taken"));
                return;
            }
            log.append(Map.of("type", "rename", "nick", old, "to", nick, "origin", nicks.holder(member)));
        } catch (StateUnavailableException e) {
            metrics.error("state_unavailable");
            tell(member, ChatFormats.error(UNAVAILABLE));
        }
    }

    @Override
    public synchronized ChatMember here(String nick) {
        return members.named(nick);
    }

    @Override
    public void who(ChatMember member) {
        try {
            tell(member, ChatFormats.who(nicks.everyone()));
        } catch (StateUnavailableException e) {
            tell(member, ChatFormats.error(UNAVAILABLE));
        }
    }

    @Override
    public void leave(ChatMember member, String reason) {
        synchronized (this) {
            if (!members.remove(member)) {
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
            nicks.release(member);
            log.append(Map.of("type", "leave", "nick", member.nick(), "reason", reason, "origin", nicks.holder(member)));
        } catch (StateUnavailableException e) {
            LOG.log(Level.DEBUG, "{0} left while the room was unavailable; its nick frees itself in {1}",
                    member.nick(), nicks.lease());
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
            leaving = members.removeAll();
            leaving.forEach(member -> member.finishForRestart());
        }
        // No interrupt: a virtual thread interrupted in a socket read closes the socket, which
        // would take the connection to Redis down just when the goodbyes below need it.
        // The reader and the renewer see `closed` within a read or a pause and end.
        // Nicks are free at once rather than when their leases run out.
        leaving.forEach(member -> announceLeave(member, "server restarting"));
    }

    @Override
    public synchronized void history(List<SharedLog.Entry> tail) {
        for (var entry : tail) {
            if ("msg".equals(entry.fields().get("type"))) {
                history.add(entry.offset(), ChatFormats.relay(entry.fields().get("nick"), entry.fields().get("text")));
            }
        }
        tail.forEach(entry -> delivered = Math.max(delivered, entry.offset()));
    }

    @Override
    public synchronized void deliver(List<SharedLog.Entry> entries) {
        entries.forEach(this::deliver);
    }

    private void deliver(SharedLog.Entry entry) {
        var fields = entry.fields();
        var origin = fields.getOrDefault("origin", "");
        long at = entry.offset();
        delivered = Math.max(delivered, at); // a failover may hand an offset out again; this one only rises
        var line = lineOf(fields);
        if (line == null) {
            LOG.log(Level.DEBUG, "skipped a log entry of unknown type: {0}", fields);
            return;
        }
        var type = fields.get("type");
        drop(members.queue(member -> {
            long skipThrough = member.replayedThrough();
            if (skipThrough > 0) {
                if (at <= skipThrough) {
                    return null; // it saw this on the replica it came from
                }
                member.replayedThrough(0);
            }
            boolean own = nicks.holder(member).equals(origin);
            if (own && "msg".equals(type)) {
                return !ackAfterAppend || member.acknowledgeWhen(false, at) ? member.numbered(at, ChatFormats.ACK) : null;
            }
            return own && "join".equals(type) && !member.seesOwnJoin() ? null : member.numbered(at, line);
        }));
        if ("msg".equals(type)) {
            history.add(at, line);
            metrics.relayed();
        }
    }

    /** The line an entry is to everyone but its author, or null for an unknown kind. */
    private static String lineOf(Map<String, String> entry) {
        var nick = entry.get("nick");
        return switch (entry.getOrDefault("type", "")) {
            case "msg" -> ChatFormats.relay(nick, entry.get("text"));
            case "join" -> ChatFormats.joined(nick);
            case "leave" -> ChatFormats.left(nick, entry.get("reason"));
            case "rename" -> ChatFormats.renamed(nick, entry.get("to"));
            default -> null;
        };
    }

    @Override
    public synchronized void missed(long count) {
        queueToAll(ChatFormats.missed(count, "no longer kept"));
    }

    /**
     * Reads what came after {@code after} up to what this replica delivered, under the lock,
     * so no live line slips in between; a member ahead of this replica (it came from another)
     * is sent nothing it saw.
     */
    @Override
    public synchronized void resume(ChatMember member, long after) {
        if (!present(member)) {
            return;
        }
        try {
            // At most the stream's length: it is trimmed to chat.keep entries.
            var kept = new ArrayList<KeptLines.Line>();
            for (var entry : log.since(after)) {
                var line = lineOf(entry.fields());
                if (entry.offset() <= delivered && line != null) {
                    kept.add(new KeptLines.Line(entry.offset(), line));
                }
            }
            KeptLines.replay(member, after, delivered, kept, queueCapacity / 2).forEach(line -> tell(member, line));
            // Lines up to `delivered` were replayed; later ones come live. A member from a replica
            // that is ahead saw lines up to `after` there: those are not sent twice.
            member.replayedThrough(after > delivered ? after : 0);
        } catch (StateUnavailableException e) {
            metrics.error("state_unavailable");
            tell(member, ChatFormats.error(UNAVAILABLE));
        }
    }

    @Override
    public synchronized void offset(ChatMember member) {
        tell(member, ChatFormats.offset(delivered));
    }

    /** Tells the members once when the room goes away and once when it is back. */
    @Override
    public synchronized void available(boolean now) {
        queueToAll(now ? ChatFormats.notice("the room is back") : ChatFormats.error(UNAVAILABLE));
    }

    private void queueToAll(String line) {
        drop(members.queue(member -> line));
    }

    /** Drops members too far behind; called under the lock, so each is dropped and counted once. */
    private void drop(List<ChatMember> behind) {
        for (var member : behind) {
            if (!members.remove(member)) {
                continue;
            }
            metrics.droppedAsSlow(member, queueCapacity);
            member.close();
            Thread.ofVirtual().start(() -> announceLeave(member, "too slow"));
        }
    }

    private synchronized List<ChatMember> here() {
        return members.list();
    }

    private synchronized boolean present(ChatMember member) {
        return members.contains(member);
    }
}
