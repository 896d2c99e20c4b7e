package dev.socketsuite.protocol.proxy;

/** Bytes that are not, and can never become, a valid PROXY protocol header. */
public final class ProxyHeaderException extends Exception {

    public ProxyHeaderException(String message) {
        super(message);
    }
}
