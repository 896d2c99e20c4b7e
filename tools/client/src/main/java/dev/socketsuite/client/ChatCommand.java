package dev.socketsuite.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;

import dev.socketsuite.protocol.ChatFormats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** An interactive chat session: what others say prints as it arrives while you type. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Join the chat: type lines to send them, 'exit' to leave.",
            "Commands the server knows: /nick NAME, /who, /quit."})
final class ChatCommand implements Callable<Integer> {

    /** Marks the end of standard input in the line queue. */
    private static final String EOF = new String("eof");

    @ParentCommand
    private SocketClient client;

    @Mixin
    private ServiceAddress service;

    @Mixin
    private TlsOptions tls;

    @Option(names = "--nick", description = "Take this nickname on joining.")
    private String nick;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "Connect timeout (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        try (var socket = tls.over(Connections.tcp(service.target, timeout), service.target.host())) {
            socket.setSoTimeout(0); // a chat may be quiet for a long time
            var out = socket.getOutputStream();
            var printer = client.out();
            var serverGone = new java.util.concurrent.atomic.AtomicBoolean();
            var typed = new LinkedBlockingQueue<String>();
            var incoming = Thread.ofVirtual().start(() -> {
                try (var lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        printer.println(line);
                    }
                } catch (IOException ignored) {
                    // closed by us on exit
                }
                serverGone.set(true);
                typed.offer(EOF);
            });
            // Standard input cannot be interrupted, so it is read on a daemon thread of its own.
            Thread.ofPlatform().daemon().start(() -> readInput(typed));
            if (nick != null) {
                out.write(ChatFormats.line("/nick " + nick));
            }
            while (true) {
                var line = typed.take();
                if (line == EOF || line.strip().equalsIgnoreCase("exit")) {
                    break;
                }
                out.write(ChatFormats.line(line));
            }
            if (serverGone.get()) {
                printer.println("* connection closed by the server");
            }
            socket.close();
            incoming.join(Duration.ofSeconds(1));
            return ExitCodes.OK;
        }
    }

    private void readInput(LinkedBlockingQueue<String> typed) {
        try (var lines = new BufferedReader(new InputStreamReader(client.in(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                typed.offer(line);
            }
        } catch (IOException ignored) {
            // standard input closed
        }
        typed.offer(EOF);
    }
}
