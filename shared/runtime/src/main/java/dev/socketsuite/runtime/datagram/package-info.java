/**
 * The UDP listener: one receive thread that filters each datagram (privileged source
 * ports, per-source rate) and hands batches to a
 * {@link dev.socketsuite.runtime.datagram.DatagramHandler}. Uses config, metrics and limits.
 */
package dev.socketsuite.runtime.datagram;
