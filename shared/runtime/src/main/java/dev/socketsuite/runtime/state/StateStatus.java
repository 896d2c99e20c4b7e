package dev.socketsuite.runtime.state;

/**
 * Whether the state backend can hand out numbers now.
 *
 * @param available true when it can
 * @param reason    why not, for the readiness details; empty when available
 */
public record StateStatus(boolean available, String reason) {

    static final StateStatus UP = new StateStatus(true, "");

    static StateStatus down(String reason) {
        return new StateStatus(false, reason);
    }
}
