/**
 * Stream listeners (TCP and Unix domain) and the connection model. A connection lives on
 * one of the process's event loops ({@code EventLoops}, a selector thread per core); its
 * protocol runs there unless it may block, then on a virtual thread. Which kind of the
 * sealed {@link dev.socketsuite.runtime.stream.StreamProtocol} a service implements says
 * which: {@link dev.socketsuite.runtime.stream.LoopProtocol} (answered on the loop, or on
 * a thread for good from the first input it cannot answer whole),
 * {@link dev.socketsuite.runtime.stream.SessionProtocol} (the loop reads, a thread handles
 * each burst) or {@link dev.socketsuite.runtime.stream.BlockingProtocol} (a thread per
 * connection). Each has one adapter on the loop, named after it
 * ({@code LoopProtocolAdapter}, {@code SessionAdapter}). {@link dev.socketsuite.runtime.stream.StreamListener} accepts, applies
 * the limits and the PROXY step, and picks the path. A loop protocol's reply may come later
 * ({@link dev.socketsuite.runtime.stream.LoopReplies#later}: a number from Redis) without a
 * thread waiting for it, and a loop wakes other threads once per turn
 * ({@link dev.socketsuite.runtime.stream.LoopTurn}); the loop engine (EventLoop, the
 * LoopAdapter family) stays package-private, and LoopWatchdog shows only
 * the process's stall count to the metrics. On a TLS port the {@code TlsHandshakeStep} runs
 * the handshake on the connection's thread, and its {@code TlsTransport} then sits beneath
 * the connection's reads and writes, so no protocol or loop adapter knows of encryption.
 * Uses config, metrics, limits, tls and the protocol module's PROXY codec.
 */
package dev.socketsuite.runtime.stream;
