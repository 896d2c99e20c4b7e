package dev.socketsuite.info;

import dev.socketsuite.protocol.HtmlText;
import dev.socketsuite.protocol.http.HttpStatus;

/** The HTML pages, each value escaped: the path and User-Agent are whatever a client sent. */
final class InfoPages {

    private InfoPages() {
    }

    static String requestInfo(String method, String path, String browser, long visitor) {
        return page("Request Info", """
                    <h1>Request Info</h1>
                    <p><strong>Method:</strong> %s</p>
                    <p><strong>Path:</strong> %s</p>
                    <p><strong>Browser:</strong> %s</p>
                    <p><strong>You are visitor #%d</strong></p>
                """.formatted(HtmlText.escape(method), HtmlText.escape(path), HtmlText.escape(browser), visitor));
    }

    static String notFound() {
        return page("404 Not Found", """
                    <h1>404 Not Found</h1>
                    <p>The page you requested does not exist.</p>
                """);
    }

    static String error(HttpStatus status, String detail) {
        var title = status.code() + " " + status.reason();
        return page(title, """
                    <h1>%s</h1>
                    <p>%s</p>
                """.formatted(HtmlText.escape(title), HtmlText.escape(detail)));
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html>
                <head><meta charset="utf-8"><title>%s</title></head>
                <body>
                %s</body>
                </html>
                """.formatted(HtmlText.escape(title), body);
    }
}
