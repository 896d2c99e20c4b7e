package dev.socketsuite.protocol.http;

/**
 * A request the parser refuses, with the status to answer it with. After one of these
 * the connection's framing is unknown, so the server answers and closes.
 */
public final class HttpException extends Exception {

    private final HttpStatus status;

    /** @param status what to answer; @param detail why, for the log and the error body */
    public HttpException(HttpStatus status, String detail) {
        super(detail);
        this.status = status;
    }

    /** The status to answer with. */
    public HttpStatus status() {
        return status;
    }
}
