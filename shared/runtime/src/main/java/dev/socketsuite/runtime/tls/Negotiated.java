package dev.socketsuite.runtime.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.socketsuite.protocol.tls.ClientHello;
import dev.socketsuite.protocol.tls.TlsFingerprints;

/**
 * What a connection's TLS handshake settled, as http-info's {@code /tls} and echo's
 * {@code info} mode show it back. The first five names are those of Gateway API's
 * conformance backend (echo-basic).
 *
 * @param version            TLSv1.3 or TLSv1.2
 * @param serverName         the SNI host name the client asked for, or null
 * @param negotiatedProtocol the ALPN protocol chosen, or null
 * @param cipherSuite        the cipher suite
 * @param peerCertificates   the client's chain as PEM, empty when it sent none
 * @param clientCertificate  the client's own certificate, or null
 * @param resumed            whether the handshake resumed an earlier session (a TLS 1.3 PSK or a TLS 1.2 session ID)
 * @param ja3                the ClientHello's JA3, or null when the first record held no whole ClientHello
 * @param ja4                its JA4, or null likewise
 * @param served             the certificate this connection was served (the generation loaded at its handshake)
 */
public record Negotiated(String version, String serverName, String negotiatedProtocol, String cipherSuite,
                         List<String> peerCertificates, CertificateFacts clientCertificate, boolean resumed,
                         String ja3, String ja4,
                         CertificateFacts served) {

    /**
     * A certificate as a person debugging mTLS through a proxy reads it: the client's, or the
     * one served.
     *
     * @param sans every subject alternative name, as {@code DNS:...}, {@code IP:...}, {@code URI:...}
     *             (SPIFFE IDs are URIs) or {@code email:...}
     */
    public record CertificateFacts(String subject, String issuer, List<String> sans, String serial,
                                    String notBefore, String notAfter, String sha256) {
    }

    /**
     * The JSON object shown back (http-info's {@code tls}, echo's info mode), in the order
     * above; null for null, as on a plain connection.
     */
    public static Map<String, Object> fields(Negotiated tls) {
        if (tls == null) {
            return null;
        }
        var fields = new LinkedHashMap<String, Object>();
        fields.put("version", tls.version());
        fields.put("serverName", tls.serverName());
        fields.put("negotiatedProtocol", tls.negotiatedProtocol());
        fields.put("cipherSuite", tls.cipherSuite());
        fields.put("peerCertificates", tls.peerCertificates());
        fields.put("clientCertificate", fields(tls.clientCertificate()));
        fields.put("resumed", tls.resumed());
        fields.put("ja3", tls.ja3());
        fields.put("ja4", tls.ja4());
        fields.put("certificate", fields(tls.served()));
        return fields;
    }

    private static Map<String, Object> fields(CertificateFacts certificate) {
        if (certificate == null) {
            return null;
        }
        var fields = new LinkedHashMap<String, Object>();
        fields.put("subject", certificate.subject());
        fields.put("issuer", certificate.issuer());
        fields.put("sans", certificate.sans());
        fields.put("serial", certificate.serial());
        fields.put("notBefore", certificate.notBefore());
        fields.put("notAfter", certificate.notAfter());
        fields.put("sha256", certificate.sha256());
        return fields;
    }

    /**
     * The facts of {@code session}, with the fingerprints of {@code hello} (which may be null).
     * The JDK says nothing of resumption itself, but a resumed session keeps the creation time
     * of the handshake that made it, so one made before {@code handshakeStartMillis} was resumed.
     */
    public static Negotiated of(SSLSession session, String alpn, ClientHello hello, long handshakeStartMillis) {
        String serverName = null;
        if (session instanceof ExtendedSSLSession extended) {
            serverName = extended.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
                    .map(name -> ((SNIHostName) name).getAsciiName()).findFirst().orElse(null);
        }
        var chain = peerChain(session);
        var pem = chain.stream().map(Negotiated::pem).toList();
        var client = chain.isEmpty() ? null : describe(chain.getFirst());
        return new Negotiated(session.getProtocol(), serverName, alpn == null || alpn.isEmpty() ? null : alpn,
                session.getCipherSuite(), pem, client, session.getCreationTime() < handshakeStartMillis,
                hello == null ? null : TlsFingerprints.ja3(hello), hello == null ? null : TlsFingerprints.ja4(hello),
                served(session));
    }

    private static CertificateFacts served(SSLSession session) {
        var local = session.getLocalCertificates();
        return local != null && local.length > 0 && local[0] instanceof X509Certificate x509 ? describe(x509) : null;
    }

    private static List<X509Certificate> peerChain(SSLSession session) {
        try {
            var chain = new ArrayList<X509Certificate>();
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // the client sent none
        }
    }

    static CertificateFacts describe(X509Certificate certificate) {
        return new CertificateFacts(certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(), sans(certificate),
                certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant().toString(),
                certificate.getNotAfter().toInstant().toString(), sha256(certificate));
    }

    private static List<String> sans(X509Certificate certificate) {
        try {
            var names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            var sans = new ArrayList<String>();
            for (var name : names) {
                var prefix = switch ((Integer) name.get(0)) {
                    case 1 -> "email:";
                    case 2 -> "DNS:";
                    case 6 -> "URI:";
                    case 7 -> "IP:";
                    default -> null;
                };
                if (prefix != null) {
                    sans.add(prefix + name.get(1));
                }
            }
            return List.copyOf(sans);
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return null;
        }
    }

    private static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            return null;
        }
    }
}
