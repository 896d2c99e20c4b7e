package dev.socketsuite.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Talks to echo-tcp in any mode: one message, an interactive session, or a byte stream. */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = {"Send MESSAGE to echo-tcp and print the reply.",
            "Without MESSAGE, ask for messages until quit, exit or q (one connection each).",
            "With --stdin, stream standard input through and write the echo to standard output (binary-safe)."})
final class EchoCommand implements Callable<Integer> {

    private static final Set<String> QUIT = Set.of("quit", "exit", "q");

    @ParentCommand
    private SocketClient client;

    @Mixin
    private ServiceAddress service;

    @Mixin
    private TlsOptions tls;

    @Parameters(index = "1", arity = "0..1", paramLabel = "MESSAGE")
    private String message;

    @Option(names = "--stdin", description = "Stream standard input to the server and its answer to standard output.")
    private boolean stdin;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "Connect and read timeout (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (stdin) {
            return stream();
        }
        if (message != null) {
            client.out().println(exchange(message));
            return ExitCodes.OK;
        }
        return interactive();
    }

    /** One connection: send, half-close, read the whole answer (every echo-tcp mode ends it). */
    private String exchange(String text) throws IOException {
        try (var socket = tls.over(Connections.tcp(service.target, timeout), service.target.host())) {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            return new String(Connections.readToEnd(socket.getInputStream()), StandardCharsets.UTF_8);
        }
    }

    private int interactive() throws IOException {
        var out = client.out();
        var lines = new BufferedReader(new InputStreamReader(client.in(), StandardCharsets.UTF_8));
        out.println("TCP Client - Type 'quit' to exit");
        out.println("----------------------------------------");
        while (true) {
            out.print("Enter message to send: ");
            out.flush();
            var line = lines.readLine();
            if (line == null || QUIT.contains(line.strip().toLowerCase(java.util.Locale.ROOT))) {
                return ExitCodes.OK;
            }
            out.println("Server response: " + exchange(line));
        }
    }

    private int stream() throws Exception {
        try (var socket = tls.over(Connections.tcp(service.target, timeout), service.target.host())) {
            socket.setSoTimeout(0); // a stream may pause for as long as its input does
            var upload = Thread.ofVirtual().start(() -> {
                try {
                    client.in().transferTo(socket.getOutputStream());
                    socket.shutdownOutput();
                } catch (IOException e) {
                    // the download side sees the broken connection and reports it
                }
            });
            socket.getInputStream().transferTo(client.out());
            client.out().flush();
            upload.join(Duration.ofSeconds(1));
            return ExitCodes.OK;
        }
    }
}
