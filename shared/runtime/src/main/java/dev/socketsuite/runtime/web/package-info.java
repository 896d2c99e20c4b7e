/**
 * A browser's way in: a port beside the raw listener where a Helidon WebServer serves one
 * WebSocket endpoint and the static pages that use it ({@link dev.socketsuite.runtime.web.WebSocketListener}).
 * Helidon does the HTTP and the framing; this package applies what every raw connection
 * gets (max connections, per-address limit, PROXY or trusted-proxy client address, size
 * bounds, metrics, drain) and hands each text message to the service's
 * {@link dev.socketsuite.runtime.web.WebSocketProtocol}, which answers through its
 * {@link dev.socketsuite.runtime.web.WebPeer}.
 * Uses config, metrics, limits and http's address ranges.
 */
package dev.socketsuite.runtime.web;
