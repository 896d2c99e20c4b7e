package dev.socketsuite.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import dev.socketsuite.runtime.web.WebPage;

/**
 * The chat page ({@code GET /} on the web port): one self-contained HTML file, no build step
 * and nothing fetched from elsewhere, so it works offline and in a cluster without egress.
 * Its Content-Security-Policy allows only its own inline script (by hash) and style, and
 * connections back to where it came from.
 */
final class ChatPage {

    private static final String RESOURCE = "web/chat.html";

    private ChatPage() {
    }

    static WebPage page() {
        byte[] html;
        try (var in = ChatPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            html = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var policy = "default-src 'none'; script-src 'sha256-" + scriptHash(new String(html, StandardCharsets.UTF_8))
                + "'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return new WebPage("/", "text/html; charset=utf-8", html, Map.of(
                "Content-Security-Policy", policy,
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer",
                "Cache-Control", "no-cache"));
    }

    /** The base64 SHA-256 of the page's one inline script, as CSP names an allowed script. */
    static String scriptHash(String html) {
        int open = html.indexOf("<script>");
        int close = html.indexOf("</script>", open);
        if (open < 0 || close < 0) {
            throw new IllegalStateException(RESOURCE + " has no inline script");
        }
        try {
            var digest = MessageDigest.getInstance("SHA-256")
                    .digest(html.substring(open + "<script>".length(), close).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
