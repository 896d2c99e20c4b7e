package dev.socketsuite.chat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.runtime.metrics.ServiceMetrics;

/**
 * The room: who is here, and the one order in which everyone sees messages. Every line
 * is queued to all members under one lock, so all queues hold lines in the same order;
 * queuing never blocks, and a member whose queue is full is dropped instead.
 */
final class ChatRoom implements Room {

    private final int queueCapacity;
    private final ChatHistory history;
    private final RoomMetrics metrics;
    /** Found by lower-cased nick: nicks are unique in the room. */
    private final Members members = new Members(member -> key(member.nick()));
    private final KeptLines kept;
    private long guests;
    /** The offset of the room's last line: each message, join, leave and rename takes the next. */
    private long offset;

    ChatRoom(int queueCapacity, int historySize, int keep, ServiceMetrics metrics) {
        this.queueCapacity = queueCapacity;
        this.history = new ChatHistory(historySize);
        this.kept = new KeptLines(keep);
        this.metrics = new RoomMetrics(metrics, this::size);
    }

    synchronized int size() {
        return members.size();
    }

    /** Adds a client as {@code guest-N}, welcomes it, replays the history or what it missed, and tells the others. */
    @Override
    public synchronized ChatMember join(MemberOutlet outlet, boolean offsets, long resumeAfter) {
        String nick;
        do {
            nick = "guest-" + ++guests;
        } while (members.get(key(nick)) != null);
        var member = new ChatMember(outlet, nick, queueCapacity, offsets);
        boolean resuming = resumeAfter != NEWCOMER;
        history.welcome(member, resuming);
        member.liveFrom(offset + 1);
        members.add(member);
        if (resuming) {
            resume(member, resumeAfter);
        }
        var joined = ChatFormats.joined(nick);
        broadcast(member, member.seesOwnJoin() ? joined : null, joined);
        return member;
    }

    /** A message: an ACK to its author, {@code [nick] text} to everyone else. */
    @Override
    public synchronized void say(ChatMember author, String text) {
        if (!members.contains(author)) {
            return; // left with /quit; bytes it sent after are not part of the room
        }
        var line = ChatFormats.relay(author.nick(), text);
        history.add(broadcast(author, ChatFormats.ACK, line), line);
        metrics.relayed();
    }

    @Override
    public synchronized void rename(ChatMember member, String nick) {
        if (!members.contains(member)) {
            return;
        }
        var holder = members.get(key(nick));
        if (!ChatFormats.NICK.matcher(nick).matches()) {
            tell(member, ChatFormats.error("a nickname is 1-32 letters, digits, _ or -"));
        } else if (holder != null && holder != member) {
            tell(member, ChatFormats.error("nickname " + nick + " is taken"));
        } else {
            var old = member.nick();
            members.remove(member);
            member.rename(nick);
            members.add(member);
            var notice = ChatFormats.renamed(old, nick);
            broadcast(member, notice, notice);
        }
    }

    @Override
    public synchronized ChatMember here(String nick) {
        return members.named(nick);
    }

    @Override
    public synchronized void who(ChatMember member) {
        tell(member, ChatFormats.who(members.list().stream().map(ChatMember::nick)
                .sorted(String.CASE_INSENSITIVE_ORDER).toList()));
    }

    /**
     * Removes the member (once) and tells the others. A member leaving on its own gets
     * what is queued for it first; one dropped for a {@code reason} is cut off at once.
     */
    @Override
    public synchronized void leave(ChatMember member, String reason) {
        if (!members.remove(member)) {
            return;
        }
        if (reason == null) {
            member.finish();
        } else {
            member.close();
        }
        broadcast(null, null, ChatFormats.left(member.nick(), reason));
    }

    /** Shutdown: every member hears it is time to reconnect, gets what is queued, and is closed. */
    @Override
    public synchronized void closeForRestart() {
        members.removeAll().forEach(member -> member.finishForRestart());
    }

    @Override
    public synchronized void resume(ChatMember member, long after) {
        if (!members.contains(member)) {
            return;
        }
        KeptLines.replay(member, after, offset, kept.after(after), queueCapacity / 2).forEach(line -> tell(member, line));
    }

    @Override
    public synchronized void offset(ChatMember member) {
        tell(member, ChatFormats.offset(offset));
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
     * rest; members whose queue is full are dropped afterwards. Returns the line's offset.
     */
    private long broadcast(ChatMember author, String toAuthor, String toOthers) {
        long at = next(toOthers);
        drop(members.queue(member -> member.numbered(at, member == author ? toAuthor : toOthers)));
        return at;
    }

    /** The next offset, for {@code line}, which is kept for members that resume. */
    private long next(String line) {
        kept.add(++offset, line);
        return offset;
    }

    /**
     * Drops members too far behind, and those the news of it finds too far behind in turn:
     * one after another, not one inside the other, as a room of clients that all stopped
     * reading would otherwise nest a drop per member.
     */
    private void drop(List<ChatMember> behind) {
        var pending = new ArrayDeque<>(behind);
        for (ChatMember member; (member = pending.poll()) != null; ) {
            if (!members.remove(member)) {
                continue;
            }
            metrics.droppedAsSlow(member, queueCapacity);
            member.close();
            var notice = ChatFormats.left(member.nick(), "too slow");
            long at = next(notice);
            pending.addAll(members.queue(others -> others.numbered(at, notice)));
        }
    }

    private static String key(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }
}
