package dev.socketsuite.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.socketsuite.protocol.http.HttpHeaders;
import dev.socketsuite.protocol.http.HttpWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** "Build your own curl": HTTP/1.1 written by hand on a socket (TLS for https://), with curl's flags. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = {"Send one HTTP/1.1 request on a TCP socket (TLS for https://) and print the response body,",
            "with -i its status line and headers first, or with --raw the exact bytes of the response."},
        footerHeading = "%nExamples:%n",
        footer = {"  socket-client http -i http://127.0.0.1:8000/hello",
            "  socket-client http -v -H 'Accept: application/json' -o info.json \\",
            "      http://127.0.0.1:8000/",
            "  socket-client http -sf http://127.0.0.1:8085/observe/health/ready"})
final class HttpCommand implements Callable<Integer>, ExitCodes.Silenceable {

    @ParentCommand
    private SocketClient client;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "http://HOST[:PORT]/PATH or https://...")
    private URI url;

    @Mixin
    private TlsOptions tls;

    @Option(names = {"-X", "--request"}, paramLabel = "METHOD", description = "Method (default: GET, or POST with -d).")
    private String method;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE", description = "Extra header; repeatable.")
    private List<String> headers = new ArrayList<>();

    @Option(names = {"-d", "--data"}, paramLabel = "BODY", description = "Request body.")
    private String data;

    @Option(names = "--raw", description = "Print the exact response bytes, not only the body.")
    private boolean raw;

    @Option(names = {"-i", "--include"}, description = "Print the status line and headers, then the body.")
    private boolean include;

    @Option(names = {"-I", "--head"}, description = "Send HEAD and print the status line and headers.")
    private boolean head;

    @Option(names = {"-v", "--verbose"},
            description = "Show the connection, the request headers ('> ') and the response headers ('< ') on standard error.")
    private boolean verbose;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the output to FILE instead of standard output.")
    private Path output;

    @Option(names = {"-s", "--silent"}, description = "Print no error line; the exit status still tells what happened.")
    private boolean silent;

    @Option(names = {"-f", "--fail"}, description = "Exit 1 when the status is 400 or more.")
    private boolean fail;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Connect and read timeout (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        if (!https && !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "only http:// and https://HOST[:PORT]/PATH URLs");
        }
        tls.enabled |= https;
        int port = url.getPort() < 0 ? (https ? 443 : 80) : url.getPort();
        var target = new HostPort(url.getHost(), port);
        var given = new HttpHeaders();
        for (var header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "header must be 'Name: value': " + header);
            }
            // Headers hold octets (one char each, as the parser reads them): what was typed goes out as UTF-8.
            var value = new String(header.substring(colon + 1).strip().getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1);
            given.add(header.substring(0, colon).strip(), value);
        }
        // Defaults first, each unless the user gave that header.
        var requestHeaders = new HttpHeaders();
        addUnlessGiven(requestHeaders, given, "Host", url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + port);
        addUnlessGiven(requestHeaders, given, "User-Agent", "socket-client/1.0");
        addUnlessGiven(requestHeaders, given, "Accept", "*/*");
        addUnlessGiven(requestHeaders, given, "Connection", "close");
        given.fields().forEach(field -> requestHeaders.add(field.name(), field.value()));
        var body = data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8);
        var verb = method != null ? method : head ? "HEAD" : data != null ? "POST" : "GET";
        var pathAndQuery = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());

        var trace = verbose ? client.err() : null;
        var request = HttpWriter.request(verb, pathAndQuery, requestHeaders, body);
        RawResponse received;
        if (trace != null) {
            trace.println("*   Trying " + target + "...");
        }
        try (var socket = tls.over(Connections.tcp(target, timeout), url.getHost())) {
            if (trace != null && socket instanceof javax.net.ssl.SSLSocket secure) {
                trace.println("* " + secure.getSession().getProtocol() + " " + secure.getSession().getCipherSuite());
            }
            if (trace != null) {
                trace.println("* Connected to " + url.getHost() + " (" + socket.getInetAddress().getHostAddress()
                        + ") port " + port);
                prefixLines(trace, "> ", RawResponse.head(request));
            }
            socket.getOutputStream().write(request);
            received = RawResponse.read(socket.getInputStream(), "HEAD".equalsIgnoreCase(verb));
        }
        if (trace != null) {
            prefixLines(trace, "< ", received.head());
            trace.println("* Closing connection");
            trace.flush();
        }
        write(raw ? received.bytes() : include || head ? received.headAndBody() : received.response().body());
        return fail && received.response().code() >= 400 ? ExitCodes.FAILED : ExitCodes.OK;
    }

    @Override
    public boolean silent() {
        return silent;
    }

    private void write(byte[] bytes) throws IOException {
        if (output == null || output.toString().equals("-")) {
            client.out().write(bytes);
            client.out().flush();
        } else {
            Files.write(output, bytes);
        }
    }

    /** Each line of a message head behind {@code prefix}, as curl's verbose output shows it. */
    private static void prefixLines(PrintStream trace, String prefix, byte[] head) {
        // The head ends with an empty line; drop its final line break so the empty line shows once.
        var text = new String(head, StandardCharsets.ISO_8859_1).replaceFirst("\\r?\\n$", "");
        for (var line : text.split("\\r?\\n", -1)) {
            trace.println(prefix + line);
        }
    }

    private static void addUnlessGiven(HttpHeaders headers, HttpHeaders given, String name, String value) {
        if (!given.contains(name)) {
            headers.add(name, value);
        }
    }
}
