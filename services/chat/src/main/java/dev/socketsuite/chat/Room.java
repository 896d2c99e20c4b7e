package dev.socketsuite.chat;

/**
 * What a client can do in the room. {@link ChatRoom} keeps the room in this process;
 * {@link SharedRoom} shares it with every replica through the shared state.
 */
interface Room {

    /** {@link #join}'s {@code resumeAfter} for a newcomer. */
    long NEWCOMER = -1;

    /**
     * Adds a client and welcomes it; null when it cannot join now (it has been told why). A
     * newcomer gets the history; one that resumes ({@code resumeAfter} 0 or more, the offset of
     * the last line it saw) gets instead what came after that offset, as {@link #resume} sends
     * it, before any live line. With {@code offsets} every line it gets carries its offset, and
     * it sees its own join, live.
     */
    ChatMember join(MemberOutlet outlet, boolean offsets, long resumeAfter);

    void say(ChatMember author, String text);

    void rename(ChatMember member, String nick);

    void who(ChatMember member);

    /** The member of this replica named {@code nick} (any case), or null. */
    ChatMember here(String nick);

    /** Removes the member once; {@code reason} null when it left on its own. */
    void leave(ChatMember member, String reason);

    /**
     * Replays to the member every line after offset {@code after} that the room still keeps,
     * as history, saying first how many it missed; live lines follow, none twice.
     */
    void resume(ChatMember member, long after);

    /** Tells the member the room's last offset. */
    void offset(ChatMember member);

    /** A line for one member only. */
    void tell(ChatMember member, String line);

    /** Shutdown: every member hears it is time to reconnect, gets what is queued, and is closed. */
    void closeForRestart();
}
