package dev.socketsuite.runtime.http;

import java.lang.System.Logger.Level;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.socketsuite.protocol.http.HttpRequest;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.stream.Connection;

/**
 * One line per HTTP request in the NCSA combined log format, as nginx and Apache write
 * it, on the {@code dev.socketsuite.access} logger ({@code http.access-log}, off by default):
 * {@code client - - [time] "request line" status bytes "referer" "user-agent"}. Never the
 * body. Every quoted value is escaped, so no client can forge or break a line.
 */
final class AccessLog {

    private static final System.Logger LOG = System.getLogger("dev.socketsuite.access");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private AccessLog() {
    }

    /** The access log when {@code http.access-log} is true, else null. */
    static AccessLog from(Settings settings) {
        return settings.flag("http.access-log", false) ? new AccessLog() : null;
    }

    /** Logs one response; {@code request} is null when the request could not be read. */
    void record(Connection connection, HttpRequest request, int status, long bodyBytes) {
        var peer = connection.peerAddress();
        var client = peer == null ? "unix" : peer.getAddress().getHostAddress();
        var line = request == null ? "-" : request.method() + " " + request.target() + " " + request.version();
        var referer = request == null ? "-" : request.headers().first("Referer").orElse("-");
        var agent = request == null ? "-" : request.headers().first("User-Agent").orElse("-");
        LOG.log(Level.INFO, client + " - - [" + TIME.format(ZonedDateTime.now()) + "] \"" + escape(line) + "\" "
                + status + " " + (bodyBytes == 0 ? "-" : String.valueOf(bodyBytes)) + " \"" + escape(referer)
                + "\" \"" + escape(agent) + "\"");
    }

    /** Quotes and backslashes escaped, anything outside printable ASCII as {@code \xHH}, as nginx does. */
    static String escape(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                out.append(String.format("\\x%02X", c & 0xFF));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
