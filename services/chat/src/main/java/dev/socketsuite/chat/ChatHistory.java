package dev.socketsuite.chat;

import java.util.ArrayDeque;

import dev.socketsuite.protocol.ChatFormats;

/**
 * The last {@code chat.history} messages as relayed, oldest first, with their room offsets,
 * replayed to each newcomer after the welcome. Not thread-safe: used under its room's lock.
 */
final class ChatHistory {

    private final int size;
    private final ArrayDeque<KeptLines.Line> lines = new ArrayDeque<>();

    ChatHistory(int size) {
        this.size = size;
    }

    int capacity() {
        return size;
    }

    void add(long offset, String relayed) {
        if (size == 0) {
            return;
        }
        if (lines.size() == size) {
            lines.removeFirst();
        }
        lines.addLast(new KeptLines.Line(offset, relayed));
    }

    /**
     * Queues the welcome, then the history, each line with its offset when the newcomer shows
     * offsets. A member that resumes gets its replay instead of the history, so it is given none.
     */
    void welcome(ChatMember newcomer, boolean resuming) {
        newcomer.offer(ChatFormats.WELCOME);
        if (resuming) {
            return;
        }
        // The queue holds at least the history when history fits in it (checked at startup).
        for (var line : lines) {
            newcomer.offer(newcomer.numbered(line.offset(), ChatFormats.history(line.text())));
            newcomer.shownHistory(line.offset());
        }
    }
}
