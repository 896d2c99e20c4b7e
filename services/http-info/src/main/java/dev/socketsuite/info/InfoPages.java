package dev.socketsuite.info;

import dev.socketsuite.protocol.HtmlText;
import dev.socketsuite.protocol.http.HttpStatus;

/** The HTML pages, each value escaped: the path and User-Agent are whatever a client sent. */
final class InfoPages {

    private InfoPages() {
    }

    // Built by concatenation: a format string is parsed again on every call, for every request.
    static String requestInfo(String method, String path, String browser, long visitor, String servedBy) {
        return page("Request Info", "    <h1>Request Info</h1>\n"
                + "    <p><strong>Method:</strong> " + HtmlText.escape(method) + "</p>\n"
                + "    <p><strong>Path:</strong> " + HtmlText.escape(path) + "</p>\n"
                + "    <p><strong>Browser:</strong> " + HtmlText.escape(browser) + "</p>\n"
                + "    <p><strong>You are visitor #" + visitor + "</strong></p>\n"
                + "    <p><strong>Served by:</strong> " + HtmlText.escape(servedBy) + "</p>\n");
    }

    /** A page titled {@code title} around {@code html}, which the caller escaped. */
    static String facts(String title, String html) {
        return page(title, "    <h1>" + HtmlText.escape(title) + "</h1>\n" + html);
    }

    static String notFound() {
        return page("404 Not Found", """
                    <h1>404 Not Found</h1>
                    <p>The page you requested does not exist.</p>
                """);
    }

    static String error(HttpStatus status, String detail) {
        var title = status.code() + " " + status.reason();
        return page(title, "    <h1>" + HtmlText.escape(title) + "</h1>\n    <p>" + HtmlText.escape(detail) + "</p>\n");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>" + HtmlText.escape(title)
                + "</title></head>\n<body>\n" + body + "</body>\n</html>\n";
    }
}
