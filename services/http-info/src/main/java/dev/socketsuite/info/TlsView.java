package dev.socketsuite.info;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.socketsuite.runtime.stream.Connection;
import dev.socketsuite.runtime.tls.Negotiated;

/** The {@code tls} object of {@code /tls}, {@code /anything} and the page's JSON: null on the plain port. */
final class TlsView {

    private TlsView() {
    }

    static Map<String, Object> of(Connection connection) {
        var tls = connection.tls();
        if (tls == null) {
            return null;
        }
        var fields = new LinkedHashMap<String, Object>();
        fields.put("version", tls.version());
        fields.put("serverName", tls.serverName());
        fields.put("negotiatedProtocol", tls.negotiatedProtocol());
        fields.put("cipherSuite", tls.cipherSuite());
        fields.put("peerCertificates", tls.peerCertificates());
        fields.put("clientCertificate", certificate(tls.clientCertificate()));
        fields.put("ja3", tls.ja3());
        fields.put("ja4", tls.ja4());
        fields.put("certificate", certificate(tls.served()));
        return fields;
    }

    private static Map<String, Object> certificate(Negotiated.CertificateFacts certificate) {
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
}
