package dev.socketsuite.info;

import java.util.Locale;
import java.util.Map;

import dev.socketsuite.protocol.HtmlText;
import dev.socketsuite.protocol.JsonText;
import dev.socketsuite.protocol.http.AcceptHeader;
import dev.socketsuite.protocol.http.HttpRequest;
import dev.socketsuite.protocol.http.HttpResponse;
import dev.socketsuite.protocol.http.HttpStatus;

/**
 * One answer in the form the client asked for. The pages ({@code /}, {@code /hello}) are the
 * origin document's HTML unless the client accepts {@code application/json}; a test
 * backend's endpoints answer JSON, as httpbin's do for curl and scripts, unless the client
 * prefers {@code text/html} (a browser says so in its {@code Accept}).
 */
final class Views {

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";

    private Views() {
    }

    static boolean wantsJson(HttpRequest request) {
        return request.headers().all("Accept").stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains(JSON));
    }

    static boolean prefersHtml(HttpRequest request) {
        return AcceptHeader.of(request).prefers("text/html", JSON);
    }

    /** A 200 with {@code fields}: a JSON object, or for a browser an HTML page titled {@code title} listing them, every value escaped. */
    static HttpResponse facts(HttpRequest request, String title, Map<String, Object> fields) {
        if (prefersHtml(request)) {
            return HttpResponse.of(HttpStatus.OK, HTML, InfoPages.facts(title, list(fields)));
        }
        return HttpResponse.of(HttpStatus.OK, JSON, JsonText.object(fields));
    }

    /** {@link #facts} with another status: any code a test backend is asked for, with its reason phrase. */
    static HttpResponse facts(HttpRequest request, int code, String reason, Map<String, Object> fields) {
        var ok = facts(request, code + " " + reason, fields);
        return new HttpResponse(ok.version(), code, reason, ok.headers(), ok.body());
    }

    /** The fields as HTML list items; a nested map becomes a nested list. */
    private static String list(Map<?, ?> fields) {
        var items = new StringBuilder("<ul>\n");
        for (var entry : fields.entrySet()) {
            items.append("<li><strong>").append(HtmlText.escape(String.valueOf(entry.getKey()))).append(":</strong> ");
            if (entry.getValue() instanceof Map<?, ?> nested) {
                items.append(list(nested));
            } else {
                items.append(HtmlText.escape(String.valueOf(entry.getValue())));
            }
            items.append("</li>\n");
        }
        return items.append("</ul>\n").toString();
    }
}
