package dev.socketsuite.runtime.web;

import java.util.Map;

/**
 * A static resource served on a web port beside its WebSocket endpoint.
 *
 * @param path        request path, such as {@code /}
 * @param contentType its {@code Content-Type}
 * @param body        the bytes served
 * @param headers     more response headers (a Content-Security-Policy, say)
 */
public record WebPage(String path, String contentType, byte[] body, Map<String, String> headers) {
}
