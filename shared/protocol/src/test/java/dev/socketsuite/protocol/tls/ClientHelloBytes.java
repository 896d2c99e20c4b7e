package dev.socketsuite.protocol.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes ClientHello records for tests, extension by extension. */
public final class ClientHelloBytes {

    private final ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    private int[] ciphers = {0x1301};
    private int legacyVersion = 0x0303;

    public ClientHelloBytes ciphers(int... values) {
        ciphers = values;
        return this;
    }

    public ClientHelloBytes legacyVersion(int value) {
        legacyVersion = value;
        return this;
    }

    public ClientHelloBytes serverName(String host) {
        var name = host.getBytes(StandardCharsets.US_ASCII);
        var entry = new ByteArrayOutputStream();
        entry.write(0);
        u16(entry, name.length);
        entry.writeBytes(name);
        return extension(0, withLength16(entry.toByteArray()));
    }

    public ClientHelloBytes alpn(List<String> protocols) {
        var list = new ByteArrayOutputStream();
        for (var protocol : protocols) {
            list.write(protocol.length());
            list.writeBytes(protocol.getBytes(StandardCharsets.ISO_8859_1));
        }
        return extension(16, withLength16(list.toByteArray()));
    }

    /** An extension whose data is a 16-bit-length list of 16-bit values (groups, signature algorithms). */
    public ClientHelloBytes list16(int type, int... values) {
        var list = new ByteArrayOutputStream();
        for (int value : values) {
            u16(list, value);
        }
        return extension(type, withLength16(list.toByteArray()));
    }

    public ClientHelloBytes supportedVersions(int... values) {
        var list = new ByteArrayOutputStream();
        list.write(values.length * 2);
        for (int value : values) {
            u16(list, value);
        }
        return extension(43, list.toByteArray());
    }

    public ClientHelloBytes pointFormats(int... values) {
        var list = new ByteArrayOutputStream();
        list.write(values.length);
        for (int value : values) {
            list.write(value);
        }
        return extension(11, list.toByteArray());
    }

    public ClientHelloBytes extension(int type, byte[] data) {
        u16(extensions, type);
        u16(extensions, data.length);
        extensions.writeBytes(data);
        return this;
    }

    public byte[] record() {
        var body = new ByteArrayOutputStream();
        u16(body, legacyVersion);
        body.writeBytes(new byte[32]);
        body.write(0);
        u16(body, ciphers.length * 2);
        for (int cipher : ciphers) {
            u16(body, cipher);
        }
        body.write(1);
        body.write(0);
        body.writeBytes(withLength16(extensions.toByteArray()));
        var handshake = new ByteArrayOutputStream();
        handshake.write(1);
        int length = body.size();
        handshake.write(length >> 16);
        u16(handshake, length & 0xffff);
        handshake.writeBytes(body.toByteArray());
        var record = new ByteArrayOutputStream();
        record.write(0x16);
        u16(record, 0x0301);
        record.writeBytes(withLength16(handshake.toByteArray()));
        return record.toByteArray();
    }

    private static byte[] withLength16(byte[] data) {
        var out = new ByteArrayOutputStream();
        u16(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
