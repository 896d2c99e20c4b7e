package dev.socketsuite.client;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of {@code socket-client} in this JVM, with its exit status and both output streams. */
record ClientRun(int exit, byte[] out, String err) {

    static ClientRun of(InputStream stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = SocketClient.commandLine(stdin, new PrintStream(out, true), new PrintStream(err, true)).execute(args);
        return new ClientRun(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    static ClientRun of(String... args) {
        return of(InputStream.nullInputStream(), args);
    }

    String text() {
        return new String(out, StandardCharsets.UTF_8);
    }
}
