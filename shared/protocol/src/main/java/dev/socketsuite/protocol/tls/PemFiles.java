package dev.socketsuite.protocol.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of a certificate directory: certificates, and a private key in any of
 * the encodings cert-manager and openssl write (PKCS#8 {@code PRIVATE KEY}, PKCS#1
 * {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}). The older two are wrapped into
 * PKCS#8, which the JDK reads. The services load their certificate directory with it, and
 * socket-client its {@code --cacert}, {@code --cert} and {@code --key}.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** rsaEncryption, with its NULL parameters, as PKCS#8 names a PKCS#1 key's algorithm. */
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    /** id-ecPublicKey, to which a SEC1 key's curve is added. */
    private static final byte[] EC_PUBLIC_KEY = HexFormat.of().parseHex("06072a8648ce3d0201");

    private PemFiles() {
    }

    /** The certificates of {@code file} in order (a leaf, then its chain). */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        var certificates = new ArrayList<X509Certificate>();
        try {
            var factory = CertificateFactory.getInstance("X.509");
            for (var block : blocks(file)) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": not a valid certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate");
        }
        return certificates;
    }

    /** The one private key of {@code file}. */
    public static PrivateKey privateKey(Path file) throws IOException {
        for (var block : blocks(file)) {
            var pkcs8 = switch (block.label()) {
                case "PRIVATE KEY" -> block.der();
                case "RSA PRIVATE KEY" -> pkcs8(RSA_ALGORITHM, block.der());
                case "EC PRIVATE KEY" -> pkcs8(ecAlgorithm(file, block.der()), block.der());
                case "ENCRYPTED PRIVATE KEY" -> throw new IOException(file + ": the key is encrypted; give it unencrypted"
                        + " (a Kubernetes Secret protects it at rest)");
                default -> null;
            };
            if (pkcs8 != null) {
                return decode(file, pkcs8);
            }
        }
        throw new IOException(file + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /** Signs with {@code key} and verifies with the certificate's public key: a key of another pair fails. */
    public static boolean matches(PrivateKey key, X509Certificate certificate) {
        var algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())
                && !(key.getAlgorithm().startsWith("Ed") && certificate.getPublicKey().getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        try {
            var probe = "socket-suite key check".getBytes(StandardCharsets.US_ASCII);
            var signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            var signature = signer.sign();
            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private record Block(String label, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        var text = Files.readString(file, StandardCharsets.US_ASCII);
        var blocks = new ArrayList<Block>();
        var matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": a " + matcher.group(1) + " block is not valid base64", e);
            }
        }
        return blocks;
    }

    private static PrivateKey decode(Path file, byte[] pkcs8) throws IOException {
        var spec = new PKCS8EncodedKeySpec(pkcs8);
        for (var algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm: try the next
            }
        }
        throw new IOException(file + ": not an RSA, EC or Ed25519 private key");
    }

    /** The AlgorithmIdentifier of a SEC1 key: id-ecPublicKey and the curve from its [0] parameters. */
    private static byte[] ecAlgorithm(Path file, byte[] sec1) throws IOException {
        var reader = new Der(sec1);
        var sequence = reader.enter(0x30);
        sequence.skip(0x02); // version
        sequence.skip(0x04); // the private key
        while (sequence.hasMore()) {
            if (sequence.peekTag() == 0xa0) {
                var curve = sequence.enter(0xa0).element(0x06);
                return Der.sequence(EC_PUBLIC_KEY, curve);
            }
            sequence.skipAny();
        }
        throw new IOException(file + ": the EC key does not name its curve");
    }

    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return Der.sequence(new byte[] {0x02, 0x01, 0x00}, algorithm, Der.element(0x04, key));
    }

    /** Just enough DER to find and write the few elements above. */
    private static final class Der {
        private final byte[] bytes;
        private int at;
        private final int end;

        Der(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        private Der(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.at = from;
            this.end = end;
        }

        boolean hasMore() {
            return at < end;
        }

        int peekTag() throws IOException {
            check(at < end);
            return bytes[at] & 0xff;
        }

        /** The contents of the element with {@code tag} here, to read inside. */
        Der enter(int tag) throws IOException {
            int length = header(tag);
            var inner = new Der(bytes, at, at + length);
            at += length;
            return inner;
        }

        /** The whole element with {@code tag} here, tag and length included. */
        byte[] element(int tag) throws IOException {
            int start = at;
            int length = header(tag);
            at += length;
            return java.util.Arrays.copyOfRange(bytes, start, at);
        }

        void skip(int tag) throws IOException {
            int length = header(tag); // not at += header(tag): that would add to the position before the header
            at += length;
        }

        void skipAny() throws IOException {
            skip(peekTag());
        }

        private int header(int tag) throws IOException {
            check(at + 2 <= end && (bytes[at] & 0xff) == tag);
            at++;
            int length = bytes[at++] & 0xff;
            if (length >= 0x80) {
                int octets = length & 0x7f;
                check(octets >= 1 && octets <= 3 && at + octets <= end);
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (bytes[at++] & 0xff);
                }
            }
            check(at + length <= end);
            return length;
        }

        private static void check(boolean condition) throws IOException {
            if (!condition) {
                throw new IOException("malformed DER in the private key");
            }
        }

        static byte[] sequence(byte[]... parts) {
            var content = new ByteArrayOutputStream();
            for (var part : parts) {
                content.writeBytes(part);
            }
            return element(0x30, content.toByteArray());
        }

        static byte[] element(int tag, byte[] content) {
            var out = new ByteArrayOutputStream();
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else if (length < 0x100) {
                out.write(0x81);
                out.write(length);
            } else if (length < 0x10000) {
                out.write(0x82);
                out.write(length >> 8);
                out.write(length);
            } else {
                out.write(0x83);
                out.write(length >> 16);
                out.write(length >> 8);
                out.write(length);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }
    }
}
