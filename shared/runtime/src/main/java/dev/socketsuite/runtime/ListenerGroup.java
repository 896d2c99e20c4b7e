package dev.socketsuite.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several raw listeners run as one service (unix-status on a Unix socket and, when
 * enabled, on TCP too): ready only when all are serving, stopped together.
 */
public final class ListenerGroup implements RawListener {

    private final List<RawListener> members;

    private ListenerGroup(List<RawListener> members) {
        this.members = List.copyOf(members);
    }

    /** One listener as is, or several as a group. */
    public static RawListener of(List<RawListener> listeners) {
        return listeners.size() == 1 ? listeners.getFirst() : new ListenerGroup(listeners);
    }

    @Override
    public void bind() throws IOException {
        var bound = new ArrayList<RawListener>();
        try {
            for (var member : members) {
                member.bind();
                bound.add(member);
            }
        } catch (IOException | RuntimeException e) {
            bound.forEach(RawListener::stopAccepting);
            throw e;
        }
    }

    @Override
    public void start() {
        members.forEach(RawListener::start);
    }

    @Override
    public boolean isServing() {
        return members.stream().allMatch(RawListener::isServing);
    }

    @Override
    public String acceptProblem() {
        return members.stream().map(RawListener::acceptProblem).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
    }

    @Override
    public boolean isAlive() {
        return members.stream().allMatch(RawListener::isAlive);
    }

    @Override
    public void stopAccepting() {
        members.forEach(RawListener::stopAccepting);
    }

    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained = true;
        for (var member : members) {
            long left = Math.max(0, deadline - System.nanoTime());
            drained &= member.awaitDrained(Duration.ofNanos(left));
        }
        return drained;
    }

    @Override
    public int closeRemaining() {
        return members.stream().mapToInt(RawListener::closeRemaining).sum();
    }

    @Override
    public int openConnections() {
        return members.stream().mapToInt(RawListener::openConnections).sum();
    }

    @Override
    public String endpoint() {
        return members.stream().map(RawListener::endpoint).collect(Collectors.joining(" "));
    }

    /** The first member's port that is a port (the TCP one). */
    @Override
    public int port() {
        return members.stream().mapToInt(RawListener::port).filter(p -> p > 0).findFirst().orElse(-1);
    }

    @Override
    public int tlsPort() {
        return members.stream().mapToInt(RawListener::tlsPort).filter(p -> p > 0).findFirst().orElse(-1);
    }

    @Override
    public String tlsEndpoint() {
        return members.stream().map(RawListener::tlsEndpoint).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
}
