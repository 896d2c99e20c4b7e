package dev.socketsuite.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The members a room has on this replica, in order of arrival, and the queuing every room
 * does to them: a line for each, and the members whose queue had no room left, for the
 * room to drop. Not thread-safe: the room's lock guards it.
 */
final class Members {

    /** What a member is found by: its nick in one process, its connection across replicas. */
    private final Function<ChatMember, Object> key;
    private final Map<Object, ChatMember> members = new LinkedHashMap<>();

    Members(Function<ChatMember, Object> key) {
        this.key = key;
    }

    void add(ChatMember member) {
        members.put(key.apply(member), member);
    }

    /** Removes the member; false when it was not here (it left or was dropped already). */
    boolean remove(ChatMember member) {
        return contains(member) && members.remove(key.apply(member)) != null;
    }

    boolean contains(ChatMember member) {
        return members.get(key.apply(member)) == member;
    }

    /** The member found by {@code memberKey}, or null. */
    ChatMember get(Object memberKey) {
        return members.get(memberKey);
    }

    int size() {
        return members.size();
    }

    List<ChatMember> list() {
        return List.copyOf(members.values());
    }

    /** The member here called {@code nick} (nicks are unique regardless of case), or null. */
    ChatMember named(String nick) {
        return members.values().stream().filter(member -> member.nick().equalsIgnoreCase(nick)).findFirst().orElse(null);
    }

    /** Empties the room here; returns who was in it. */
    List<ChatMember> removeAll() {
        var everyone = list();
        members.clear();
        return everyone;
    }

    /**
     * Queues to each member the line {@code lineFor} gives it (none for null); returns the
     * members that had no room left for theirs.
     */
    List<ChatMember> queue(Function<ChatMember, String> lineFor) {
        var behind = new ArrayList<ChatMember>();
        for (var member : members.values()) {
            var line = lineFor.apply(member);
            if (line != null && !member.offer(line)) {
                behind.add(member);
            }
        }
        return behind;
    }
}
