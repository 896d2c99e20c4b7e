package dev.socketsuite.protocol.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's key and trust managers for what {@link PemFiles} read: a key with its chain (a
 * server's certificate, or a client's for mTLS) and the CAs a peer is checked against. The
 * JDK takes them only through a key store, so each is put into a fresh one in memory.
 */
public final class TlsManagers {

    private static final char[] NO_PASSWORD = new char[0];

    private TlsManagers() {
    }

    /** Managers presenting {@code chain} (leaf first) with its {@code key}. */
    public static KeyManager[] presenting(PrivateKey key, List<X509Certificate> chain) throws GeneralSecurityException {
        var store = emptyStore();
        store.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
        var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        return factory.getKeyManagers();
    }

    /** Managers trusting exactly {@code authorities}. */
    public static TrustManager[] trusting(List<X509Certificate> authorities) throws GeneralSecurityException {
        var store = emptyStore();
        int index = 0;
        for (var authority : authorities) {
            store.setCertificateEntry("ca-" + index++, authority);
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        try {
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException e) {
            throw new GeneralSecurityException("an empty key store could not be made", e); // no stream, so never
        }
    }
}
