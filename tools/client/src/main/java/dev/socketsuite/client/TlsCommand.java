package dev.socketsuite.client;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import javax.net.ssl.SSLHandshakeException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What a person checks with {@code openssl s_client}: the chain, its expiry, the version, cipher and ALPN. */
@Command(name = "tls", mixinStandardHelpOptions = true,
        description = {"Open a TLS connection to HOST:PORT and print the certificate chain (subjects, issuers,",
            "expiry), version, cipher and ALPN. Exit 1 when the chain does not verify or a certificate",
            "expires within --warn-days."})
final class TlsCommand implements Callable<Integer> {

    @ParentCommand
    private SocketClient client;

    @Mixin
    private ServiceAddress service;

    @Mixin
    private TlsOptions tls;

    @Option(names = "--warn-days", defaultValue = "14", description = "Fail when a certificate expires within this many days (default: ${DEFAULT-VALUE}).")
    private int warnDays;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "Connect and handshake timeout (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        var out = client.out();
        javax.net.ssl.SSLSocket socket;
        try {
            socket = tls.handshake(Connections.tcp(service.target, timeout), service.target.host());
        } catch (SSLHandshakeException e) {
            client.err().println("socket-client tls: the handshake failed: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        try (socket) {
            var session = socket.getSession();
            out.println("version  " + session.getProtocol());
            out.println("cipher   " + session.getCipherSuite());
            var alpn = socket.getApplicationProtocol();
            out.println("alpn     " + (alpn == null || alpn.isEmpty() ? "(none)" : alpn));
            out.println("verified " + (tls.insecure ? "no (--insecure)" : "yes"));
            var now = Instant.now();
            var warnFrom = now.plus(Duration.ofDays(warnDays));
            int expiring = 0;
            var chain = session.getPeerCertificates();
            for (int i = 0; i < chain.length; i++) {
                var certificate = (X509Certificate) chain[i];
                var notAfter = certificate.getNotAfter().toInstant();
                long days = Duration.between(now, notAfter).toDays();
                out.printf("%d s:%s%n  i:%s%n  notAfter %s (%s)%n", i, certificate.getSubjectX500Principal().getName(),
                        certificate.getIssuerX500Principal().getName(), notAfter,
                        notAfter.isBefore(now) ? "expired" : "in " + days + " days");
                if (notAfter.isBefore(warnFrom)) {
                    expiring++;
                }
            }
            if (expiring > 0) {
                client.err().println("socket-client tls: " + expiring + " certificate(s) expire within " + warnDays + " days");
                return ExitCodes.FAILED;
            }
            return ExitCodes.OK;
        }
    }
}
