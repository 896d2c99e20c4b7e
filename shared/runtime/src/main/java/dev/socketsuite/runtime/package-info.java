/**
 * The one way a service runs: {@link dev.socketsuite.runtime.SocketService#run} reads the
 * config, builds the service's raw listener, starts the Helidon WebServer for health and
 * metrics beside it, and drains both at shutdown ({@link dev.socketsuite.runtime.RunningService}).
 * This package holds that lifecycle and what every listener shares (the accept or receive
 * thread, {@link dev.socketsuite.runtime.ListenLoop}); each concern has a room of its own:
 *
 * <pre>
 * config    Settings: Helidon Config keys, their env names, bounds and startup errors
 * metrics   ServiceMetrics: Prometheus meters and latency histograms
 * limits    per-address and per-source limits, token buckets
 * stream    TCP and Unix listeners: contracts, Connection, event loops, PROXY step
 * datagram  the UDP listener and its handler contract
 * http      HTTP/1.1 on a stream listener, on the shared codec
 * state     numbers and the chat log, in memory or on Redis (Sentinel included)
 * </pre>
 *
 * <p>A stream connection's way through the runtime:
 *
 * <pre>
 * ListenLoop accepts -- over listener.max-connections? -- yes: rejectBusy, linger, close
 *       |
 *  virtual thread: PROXY header (listener.proxy-protocol), per-address limit
 *       |
 *  which StreamProtocol the service gave (one sealed family, one switch in StreamListener):
 *       +-- ConnectionHandler       blocking: the thread serves the connection to its end
 *       +-- LoopProtocol            answered on an event loop, never blocks (echo)
 *       +-- LoopFirstHandler        on a loop while each read is answered whole, then on
 *       |                           a thread of its own for good (http-info)
 *       +-- SessionHandler          the loop waits for input, a thread runs per burst (chat)
 *       |
 * ended: close, release the limits, count; idle connections are reaped by IdleReaper
 * </pre>
 *
 * May use: Helidon (WebServer, Config, health, metrics) and the sub-packages here; the
 * sub-packages never use this package's lifecycle classes beyond {@code ServiceContext},
 * {@code RawListener}, {@code ListenLoop} and {@code StartupException}.
 */
package dev.socketsuite.runtime;
