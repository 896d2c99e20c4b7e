/**
 * Stream listeners (TCP and Unix domain) and the connection model. A connection lives on
 * one of the process's event loops ({@code EventLoops}, a selector thread per core); its
 * protocol runs there unless it may block, then on a virtual thread. Which kind of the
 * sealed {@link dev.socketsuite.runtime.stream.StreamProtocol} a service implements says
 * which: {@link dev.socketsuite.runtime.stream.ConnectionHandler} (a thread
 * per connection), {@link dev.socketsuite.runtime.stream.LoopProtocol} (on the loop),
 * {@link dev.socketsuite.runtime.stream.LoopFirstHandler} (on the loop, then on a thread for
 * good) and {@link dev.socketsuite.runtime.stream.SessionHandler} (the loop reads, a thread
 * handles each burst). {@link dev.socketsuite.runtime.stream.StreamListener} accepts, applies
 * the limits and the PROXY step, and picks the path; the loop engine (EventLoop, the
 * LoopSession family, InputHandOff) stays package-private, and LoopWatchdog shows only
 * the process's stall count to the metrics.
 * Uses config, metrics, limits and the protocol module's PROXY codec.
 */
package dev.socketsuite.runtime.stream;
