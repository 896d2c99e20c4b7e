package dev.socketsuite.runtime.state;

/**
 * The state backend cannot be reached, so no number is handed out: the service refuses
 * the request in its protocol's words rather than invent one.
 */
public final class StateUnavailableException extends RuntimeException {

    StateUnavailableException(String message) {
        super(message, null, false, false);
    }
}
