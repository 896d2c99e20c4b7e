package dev.socketsuite.runtime.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import dev.socketsuite.protocol.tls.PemFiles;
import dev.socketsuite.protocol.tls.TlsManagers;
import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.config.Settings;

/**
 * What a TLS listener serves with: the key pair and chain of {@code tls.crt} and
 * {@code tls.key}, the client CAs of {@code ca.crt}, and the settings each new engine gets.
 */
public final class TlsContext {

    static {
        // TLS 1.2 lets a client start a new handshake inside a connection; it costs the server a
        // handshake's CPU for every request of that kind, and nothing here needs it. The JDK
        // reads this once, when its TLS classes load.
        if (System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null) {
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        }
    }

    private final TlsSettings settings;
    /** The pair served now; a reload replaces it whole, so a handshake never mixes two. */
    private volatile Generation current;

    /** One loaded set of the directory's files, numbered from 1 in load order. */
    private record Generation(SSLContext context, X509Certificate leaf, long number) {
    }

    private TlsContext(TlsSettings settings, Generation first) {
        this.settings = settings;
        this.current = first;
    }

    /**
     * Loads the directory of {@code settings}; a missing file, a bad one or a key that does not
     * match its certificate is a {@link StartupException} naming the key and the file.
     */
    public static TlsContext load(TlsSettings settings) {
        try {
            return new TlsContext(settings, create(settings, 1));
        } catch (IOException | GeneralSecurityException e) {
            throw new StartupException(Settings.describe("listener.tls.cert-dir") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the directory again and serves what it holds from the next handshake on; open
     * connections keep theirs. A pair that does not load leaves the last good one in place.
     *
     * @throws IOException why the directory's files could not be served
     */
    public void reload() throws IOException {
        try {
            current = create(settings, current.number() + 1);
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** How many times the directory has been loaded, the first load included. */
    public long generation() {
        return current.number();
    }

    private static Generation create(TlsSettings settings, long number) throws IOException, GeneralSecurityException {
        var dir = settings.certDir();
        var chain = PemFiles.certificates(dir.resolve("tls.crt"));
        var key = PemFiles.privateKey(dir.resolve("tls.key"));
        if (!PemFiles.matches(key, chain.getFirst())) {
            throw new IOException(dir.resolve("tls.key") + " is not the key of the first certificate in "
                    + dir.resolve("tls.crt") + " (" + chain.getFirst().getSubjectX500Principal().getName() + ")");
        }
        TrustManager[] trustManagers = null;
        if (settings.clientAuth() != TlsSettings.ClientAuth.NONE) {
            trustManagers = TlsManagers.trusting(PemFiles.certificates(dir.resolve("ca.crt")));
        }
        var context = SSLContext.getInstance("TLS");
        context.init(TlsManagers.presenting(key, chain), trustManagers, null);
        return new Generation(context, chain.getFirst(), number);
    }

    /** A server engine for one connection, with the versions, client authentication and ALPN configured. */
    public SSLEngine newEngine() {
        var engine = current.context().createSSLEngine();
        engine.setUseClientMode(false);
        var parameters = new SSLParameters();
        parameters.setProtocols(settings.protocols().toArray(String[]::new));
        switch (settings.clientAuth()) {
            case REQUIRED -> parameters.setNeedClientAuth(true);
            case OPTIONAL -> parameters.setWantClientAuth(true);
            case NONE -> { }
        }
        engine.setSSLParameters(parameters);
        var offered = settings.alpn();
        if (!offered.isEmpty()) {
            engine.setHandshakeApplicationProtocolSelector((ignored, asked) -> choose(offered, asked));
        }
        return engine;
    }

    /**
     * The first of our protocols the client also asked for; when none is, the empty string,
     * which leaves ALPN out rather than failing the handshake (null would end it with
     * no_application_protocol): a test backend serves a client that guessed wrong.
     */
    private static String choose(List<String> ours, List<String> asked) {
        return ours.stream().filter(asked::contains).findFirst().orElse("");
    }

    /** The context of the pair served now, for a listener that builds its own engines (Helidon's). */
    public SSLContext sslContext() {
        return current.context();
    }

    /** The certificate served now. */
    public X509Certificate certificate() {
        return current.leaf();
    }

    public TlsSettings settings() {
        return settings;
    }
}
