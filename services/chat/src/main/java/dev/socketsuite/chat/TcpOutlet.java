package dev.socketsuite.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.runtime.stream.Connection;

/** A TCP member: each line as UTF-8 with its LF, a batch in one write. */
record TcpOutlet(Connection connection) implements MemberOutlet {

    @Override
    public String id() {
        return String.valueOf(connection.id());
    }

    @Override
    public String peer() {
        return connection.peer();
    }

    @Override
    public String certificateSha256() {
        var tls = connection.tls();
        return tls == null || tls.clientCertificate() == null ? null : tls.clientCertificate().sha256();
    }

    @Override
    public void write(List<String> lines) throws IOException {
        var bytes = new ByteArrayOutputStream();
        lines.forEach(line -> bytes.writeBytes(ChatFormats.line(line)));
        connection.output().write(bytes.toByteArray());
    }

    @Override
    public void finish(boolean restarting) {
        connection.close();
    }

    @Override
    public void close() {
        connection.close();
    }
}
