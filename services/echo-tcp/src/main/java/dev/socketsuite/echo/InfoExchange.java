package dev.socketsuite.echo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;

import dev.socketsuite.protocol.JsonText;
import dev.socketsuite.protocol.LineDecoder;
import dev.socketsuite.runtime.PodIdentity;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.stream.BlockingProtocol;
import dev.socketsuite.runtime.stream.Connection;
import dev.socketsuite.runtime.tls.Negotiated;

/**
 * The {@code info} mode: a small line protocol for checking what sits in front of the
 * service, in the shape of Gateway API's conformance TCP backend. A banner on connect, then
 * one line per command: {@code PING} gives {@code PONG}, {@code IS_TLS} gives {@code true} or
 * {@code false}, {@code TEST} gives one JSON line with the pod, the client address and the
 * {@code tls} object (null on the plain port), {@code QUIT} closes. Anything else gets
 * {@code ERROR unknown command}; a line over {@code echo.max-message} gets
 * {@code ERROR line too long} and is dropped.
 */
final class InfoExchange implements BlockingProtocol {

    static final String BANNER = "socket-suite echo-tcp info: PING, IS_TLS, TEST, QUIT";

    private final int maxLine;
    private final PodIdentity pod;
    private final ServiceMetrics metrics;

    InfoExchange(int maxLine, PodIdentity pod, ServiceMetrics metrics) {
        this.maxLine = maxLine;
        this.pod = pod;
        this.metrics = metrics;
    }

    @Override
    public void serve(Connection connection) throws IOException {
        var out = connection.output();
        send(out, BANNER);
        var decoder = new LineDecoder(maxLine);
        var buffer = new byte[4096];
        int count;
        while ((count = connection.input().read(buffer)) >= 0) {
            for (var line : decoder.feed(buffer, 0, count)) {
                metrics.message();
                var answer = switch (line) {
                    case LineDecoder.Line.TooLong tooLong -> {
                        metrics.error("line_too_long");
                        yield "ERROR line too long";
                    }
                    case LineDecoder.Line.Text text -> answer(text.text().strip().toUpperCase(Locale.ROOT), connection);
                };
                if (answer == null) {
                    return; // QUIT
                }
                send(out, answer);
            }
        }
    }

    private String answer(String command, Connection connection) {
        return switch (command) {
            case "PING" -> "PONG";
            case "IS_TLS" -> String.valueOf(connection.tls() != null);
            case "TEST" -> test(connection);
            case "QUIT" -> null;
            default -> "ERROR unknown command";
        };
    }

    private String test(Connection connection) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("pod", pod.known() ? pod.fields() : null);
        fields.put("client", connection.peer());
        fields.put("tls", Negotiated.fields(connection.tls()));
        return JsonText.object(fields);
    }

    private static void send(java.io.OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
