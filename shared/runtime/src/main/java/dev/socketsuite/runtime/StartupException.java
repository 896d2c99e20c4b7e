package dev.socketsuite.runtime;

/**
 * A service cannot start: bad config, a port in use, a socket path taken. The message is
 * written for the operator and names the config key to change.
 */
public class StartupException extends RuntimeException {

    /** @param message what is wrong and which key to change */
    public StartupException(String message) {
        super(message);
    }

    /** @param message what is wrong and which key to change; cause kept for the log */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
