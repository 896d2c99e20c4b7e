package dev.socketsuite.runtime.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The requests for one thing (a counter, a log) made during one event loop turn: they leave
 * together at the turn's end, as one command, and their answers come back in the order they
 * were asked for. Touched by its loop alone.
 *
 * @param <Q> a request
 * @param <A> its answer
 */
final class TurnBatch<Q, A> {

    /** Keeps one command and its reply small when a burst arrives: a fuller batch leaves, and the next opens. */
    static final int MAX_REQUESTS = 1024;

    private final List<Q> requests = new ArrayList<>();
    private final List<CompletableFuture<A>> answers = new ArrayList<>();

    CompletableFuture<A> add(Q request) {
        var answer = new CompletableFuture<A>();
        requests.add(request);
        answers.add(answer);
        return answer;
    }

    boolean full() {
        return requests.size() >= MAX_REQUESTS;
    }

    List<Q> requests() {
        return requests;
    }

    /** Each request gets its answer, in order; an answer list of another size is a refusal of them all. */
    void handOut(List<A> each) {
        if (each.size() != answers.size()) {
            refuse(new StateUnavailableException(answers.size() + " requests were sent and " + each.size() + " answered"));
            return;
        }
        for (int i = 0; i < answers.size(); i++) {
            answers.get(i).complete(each.get(i));
        }
    }

    void refuse(StateUnavailableException error) {
        answers.forEach(answer -> answer.completeExceptionally(error));
    }

    /** Waits for {@code answer}, on a thread that may block; a refusal is thrown as it came. */
    static <T> T await(CompletionStage<T> answer) {
        try {
            return answer.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
