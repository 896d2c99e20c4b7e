/**
 * The one way a service runs: {@link dev.socketsuite.runtime.SocketService#run} reads the
 * config, builds the service's raw listener, starts the Helidon WebServer for health and
 * metrics beside it, and drains both at shutdown ({@link dev.socketsuite.runtime.RunningService}).
 * This package holds that lifecycle and what every listener shares (the accept or receive
 * thread, {@link dev.socketsuite.runtime.ListenerThread}); each concern has a room of its own:
 *
 * <pre>
 * config    Settings: Helidon Config keys, their env names, bounds and startup errors
 * metrics   ServiceMetrics: Prometheus meters and latency histograms
 * limits    per-address and per-source limits, token buckets
 * stream    TCP and Unix listeners: contracts, Connection, event loops, PROXY and TLS steps
 * tls       the listener.tls keys and certificate directory; each connection's SSLEngine
 * datagram  the UDP listener and its handler contract
 * http      HTTP/1.1 on a stream listener, on the shared codec
 * web       a browser's port beside the raw listener: Helidon's WebSocket and static pages
 * state     numbers and the chat log, in memory or on Redis (Sentinel included)
 * </pre>
 *
 * <p>A stream connection's way through the runtime:
 *
 * <pre>
 * ListenerThread accepts -- over listener.max-connections? -- yes: rejectBusy, linger, close
 *       |
 *  per-address limit; with listener.proxy-protocol, on a virtual thread: the PROXY header
 *       |
 *  on the TLS port (listener.tls.port), on a virtual thread: the handshake; from then on
 *  every byte passes the connection's TlsTransport, wherever the protocol runs
 *       |
 *  which StreamProtocol the service gave (one sealed family, one switch in StreamListener):
 *       +-- LoopProtocol       on an event loop (straight from the accept thread when
 *       |                      there is no PROXY header): each read answered there, never
 *       |                      blocking (echo, HTTP keep-alive); a reply may come later;
 *       |                      input it cannot answer whole moves the connection to a
 *       |                      virtual thread for good (a split or refused HTTP request)
 *       +-- SessionProtocol    opened on a virtual thread; then the loop waits for input
 *       |                      and a virtual thread handles each burst (chat)
 *       +-- BlockingProtocol   a virtual thread serves it to its end (echo's one-message modes)
 *       |
 * ended: close, release the limits, count; idle connections are reaped by IdleReaper
 * </pre>
 *
 * May use: Helidon (WebServer, Config, health, metrics) and the sub-packages here; the
 * sub-packages never use this package's lifecycle classes beyond {@code ServiceContext},
 * {@code RawListener}, {@code ListenerThread} and {@code StartupException}.
 */
package dev.socketsuite.runtime;
