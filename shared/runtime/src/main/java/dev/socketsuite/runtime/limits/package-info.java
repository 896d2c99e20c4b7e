/**
 * Limits that protect the process and other peers: connections per address, datagrams
 * per source (reflection guard), and the token bucket both chat's flood control and the
 * UDP rate limit use. Plain Java, no I/O.
 */
package dev.socketsuite.runtime.limits;
