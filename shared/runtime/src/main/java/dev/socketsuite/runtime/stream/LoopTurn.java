package dev.socketsuite.runtime.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Work an event loop puts off to the end of its turn: what its ready connections asked for
 * during the turn leaves together then (the requests to Redis of one turn, in one command and
 * one write), not one by one as they come.
 */
public final class LoopTurn {

    private static final ThreadLocal<List<Runnable>> AT_END = new ThreadLocal<>();

    private LoopTurn() {
    }

    /** Runs {@code action} at the end of the calling event loop's turn, or now on any other thread. */
    public static void atEnd(Runnable action) {
        var deferred = AT_END.get();
        if (deferred == null) {
            action.run();
        } else {
            deferred.add(action);
        }
    }

    /** Marks the calling thread as an event loop, whose {@link #end} runs what was put off. */
    static void begin() {
        AT_END.set(new ArrayList<>());
    }

    /** Runs what the turn put off, in order; an action that fails does not keep the others from running. */
    static void end() {
        var deferred = AT_END.get();
        for (int i = 0; i < deferred.size(); i++) {
            try {
                deferred.get(i).run();
            } catch (RuntimeException e) {
                System.getLogger(LoopTurn.class.getName()).log(System.Logger.Level.WARNING, "work put off to a turn's end failed", e);
            }
        }
        deferred.clear();
    }
}
