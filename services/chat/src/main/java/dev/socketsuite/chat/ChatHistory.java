package dev.socketsuite.chat;

import java.util.ArrayDeque;

import dev.socketsuite.protocol.ChatFormats;

/**
 * The last {@code chat.history} messages as relayed, oldest first, replayed to each
 * newcomer after the welcome. Not thread-safe: used under its room's lock.
 */
final class ChatHistory {

    private final int size;
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    ChatHistory(int size) {
        this.size = size;
    }

    int capacity() {
        return size;
    }

    void add(String relayed) {
        if (size == 0) {
            return;
        }
        if (lines.size() == size) {
            lines.removeFirst();
        }
        lines.addLast(relayed);
    }

    /** Queues the welcome, then the history, for a newcomer. */
    void welcome(ChatMember newcomer) {
        newcomer.offer(ChatFormats.WELCOME);
        // The queue holds at least the history when history fits in it (checked at startup).
        lines.forEach(line -> newcomer.offer(ChatFormats.history(line)));
    }
}
