package dev.socketsuite.client;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import dev.socketsuite.protocol.tls.PemFiles;
import dev.socketsuite.protocol.tls.TlsManagers;
import picocli.CommandLine.Option;

/** The TLS options every TCP subcommand shares, as curl and openssl s_client name them. */
public final class TlsOptions implements SocketLayer {

    @Option(names = "--tls", description = "Speak TLS (the service's TLS port, listener.tls.port).")
    boolean enabled;

    @Option(names = "--cacert", paramLabel = "FILE", description = "Trust the CA certificates of this PEM file (default: the JDK's).")
    Path caCertificate;

    @Option(names = "--cert", paramLabel = "FILE", description = "Present this client certificate chain (PEM), for mTLS.")
    Path certificate;

    @Option(names = "--key", paramLabel = "FILE", description = "The key of --cert (PEM: PKCS#8, PKCS#1 or SEC1).")
    Path key;

    @Option(names = {"-k", "--insecure"}, description = "Do not verify the server's certificate (testing only).")
    boolean insecure;

    @Option(names = "--sni", paramLabel = "NAME", description = "Server name to ask for and verify (default: the host).")
    String serverName;

    @Option(names = "--alpn", paramLabel = "ID", split = ",", description = "ALPN protocol IDs to offer, comma-separated.")
    List<String> alpn = List.of();

    /** True when any option asks for TLS. */
    public boolean wanted() {
        return enabled || caCertificate != null || certificate != null || insecure || serverName != null || !alpn.isEmpty();
    }

    /**
     * {@code plain}, connected to {@code host}, with a TLS session on top once the handshake
     * has finished, or {@code plain} itself when TLS is not asked for.
     */
    @Override
    public Socket over(Socket plain, String host) throws IOException {
        return wanted() ? handshake(plain, host) : plain;
    }

    /** A TLS session on {@code plain}; a certificate that does not verify fails the handshake. */
    SSLSocket handshake(Socket plain, String host) throws IOException {
        var name = serverName != null ? serverName : host;
        SSLSocket socket;
        try {
            socket = (SSLSocket) context().getSocketFactory().createSocket(plain, name, plain.getPort(), true);
        } catch (GeneralSecurityException e) {
            plain.close();
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        var parameters = socket.getSSLParameters();
        if (!insecure) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!name.isEmpty() && !Character.isDigit(name.charAt(0)) && !name.contains(":")) {
            parameters.setServerNames(List.of(new SNIHostName(name)));
        }
        if (!alpn.isEmpty()) {
            parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        }
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    private SSLContext context() throws IOException, GeneralSecurityException {
        var context = SSLContext.getInstance("TLS");
        context.init(keyManagers(), trustManagers(), null);
        return context;
    }

    private KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
        if (certificate == null) {
            return null;
        }
        if (key == null) {
            throw new IOException("--cert needs --key");
        }
        return TlsManagers.presenting(PemFiles.privateKey(key), PemFiles.certificates(certificate));
    }

    private TrustManager[] trustManagers() throws IOException, GeneralSecurityException {
        if (insecure) {
            return new TrustManager[] {new TrustingEverything()};
        }
        if (caCertificate == null) {
            return null; // the JDK's own CAs
        }
        return TlsManagers.trusting(PemFiles.certificates(caCertificate));
    }

    /** --insecure: what curl -k does, for a test server whose CA is at hand nowhere. */
    private static final class TrustingEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
