package dev.socketsuite.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.socketsuite.protocol.ChatFormats;

/**
 * The room's last lines by offset, as the room relayed them, for members that come back and
 * {@code /resume}. Not thread-safe: used under its room's lock.
 */
final class KeptLines {

    /** One line and its offset in the room. */
    record Line(long offset, String text) {
    }

    private final int keep;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();

    KeptLines(int keep) {
        this.keep = keep;
    }

    void add(long offset, String text) {
        if (lines.size() == keep) {
            lines.removeFirst();
        }
        lines.addLast(new Line(offset, text));
    }

    /** The kept lines after {@code offset}, oldest first. */
    List<Line> after(long offset) {
        var newestFirst = new ArrayList<Line>();
        for (var iterator = lines.descendingIterator(); iterator.hasNext(); ) {
            var line = iterator.next();
            if (line.offset() <= offset) {
                break;
            }
            newestFirst.add(line);
        }
        return newestFirst.reversed();
    }

    /**
     * What a member that resumes after {@code after} is sent: a line saying how many it
     * missed, when the room kept fewer than it asked for or more than {@code most} would be
     * replayed at once, then each line it has not seen yet as a replay, like history. Lines it
     * saw live or as newcomer history are left out: none arrives twice.
     *
     * @param kept   the kept lines after {@code after} up to {@code latest}, oldest first
     * @param latest the room's last offset as this replica knows it
     */
    static List<String> replay(ChatMember member, long after, long latest, List<Line> kept, int most) {
        var out = new ArrayList<String>();
        // Lines it saw live are not missed, kept or not.
        long first = Math.min(kept.isEmpty() ? latest + 1 : kept.getFirst().offset(), member.seenFrom());
        if (first > after + 1) {
            out.add(ChatFormats.missed(first - after - 1, "no longer kept"));
        }
        var unseen = kept.stream().filter(line -> member.unseen(line.offset())).toList();
        int skip = Math.max(0, unseen.size() - most);
        if (skip > 0) {
            out.add(ChatFormats.missed(skip, "more than can be replayed at once"));
        }
        for (var line : unseen.subList(skip, unseen.size())) {
            out.add(member.numbered(line.offset(), ChatFormats.history(line.text())));
        }
        member.replayedAfter(after);
        return out;
    }
}
