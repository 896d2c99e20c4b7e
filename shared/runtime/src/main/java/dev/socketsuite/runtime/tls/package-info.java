/**
 * TLS for the TCP listeners: {@link dev.socketsuite.runtime.tls.TlsSettings} reads the
 * {@code listener.tls} keys, and {@link dev.socketsuite.runtime.tls.TlsContext} loads the
 * certificate directory (cert-manager's Secret: {@code tls.crt}, {@code tls.key},
 * {@code ca.crt}, keys in PKCS#8, PKCS#1 or SEC1) and makes each connection's engine. The
 * stream package drives the engine: the handshake step and the transport beneath a
 * connection. Uses config and the JDK's {@code javax.net.ssl} only.
 */
package dev.socketsuite.runtime.tls;
