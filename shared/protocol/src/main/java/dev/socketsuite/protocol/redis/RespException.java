package dev.socketsuite.protocol.redis;

/**
 * Bytes that are not, and can never become, a RESP2 reply within the parser's bounds. The
 * connection they came on cannot be trusted to stay in step with its requests: close it.
 */
public final class RespException extends Exception {

    public RespException(String message) {
        super(message);
    }
}
