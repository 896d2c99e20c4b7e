package dev.socketsuite.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.socketsuite.protocol.http.HttpHeaders;
import dev.socketsuite.protocol.http.HttpWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** "Build your own curl": HTTP/1.1 written by hand on a plain socket. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = {"Send one HTTP/1.1 request on a plain TCP socket and print the response body,",
            "or with --raw the exact bytes of the response: status line, headers and body."})
final class HttpCommand implements Callable<Integer> {

    @ParentCommand
    private SocketClient client;

    @Parameters(index = "0", paramLabel = "URL", description = "http://HOST[:PORT]/PATH")
    private URI url;

    @Option(names = {"-X", "--request"}, paramLabel = "METHOD", description = "Method (default: GET, or POST with -d).")
    private String method;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE", description = "Extra header; repeatable.")
    private List<String> headers = new ArrayList<>();

    @Option(names = {"-d", "--data"}, paramLabel = "BODY", description = "Request body.")
    private String data;

    @Option(names = "--raw", description = "Print the exact response bytes, not only the body.")
    private boolean raw;

    @Option(names = {"-f", "--fail"}, description = "Exit 1 when the status is 400 or more.")
    private boolean fail;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Connect and read timeout (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "only http://HOST[:PORT]/PATH URLs: this client speaks plain HTTP on a socket, not TLS");
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        var target = new HostPort(url.getHost(), port);
        var given = new HttpHeaders();
        for (var header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "header must be 'Name: value': " + header);
            }
            given.add(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        // Defaults first, each unless the user gave that header.
        var requestHeaders = new HttpHeaders();
        addUnlessGiven(requestHeaders, given, "Host", url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + port);
        addUnlessGiven(requestHeaders, given, "User-Agent", "socket-client/1.0");
        addUnlessGiven(requestHeaders, given, "Accept", "*/*");
        addUnlessGiven(requestHeaders, given, "Connection", "close");
        given.fields().forEach(field -> requestHeaders.add(field.name(), field.value()));
        var body = data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8);
        var verb = method != null ? method : data != null ? "POST" : "GET";
        var pathAndQuery = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());

        RawResponse received;
        try (var socket = Connections.tcp(target, timeout)) {
            socket.getOutputStream().write(HttpWriter.request(verb, pathAndQuery, requestHeaders, body));
            received = RawResponse.read(socket.getInputStream(), "HEAD".equalsIgnoreCase(verb));
        }
        var out = client.out();
        out.write(raw ? received.bytes() : received.response().body());
        out.flush();
        return fail && received.response().code() >= 400 ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static void addUnlessGiven(HttpHeaders headers, HttpHeaders given, String name, String value) {
        if (!given.contains(name)) {
            headers.add(name, value);
        }
    }
}
