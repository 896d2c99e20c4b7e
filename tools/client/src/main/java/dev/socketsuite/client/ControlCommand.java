package dev.socketsuite.client;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.socketsuite.protocol.http.HttpHeaders;
import dev.socketsuite.protocol.http.HttpWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Switches a service's readiness on or off through its health port, as an operator drains a pod. */
@Command(name = "control", mixinStandardHelpOptions = true,
        description = {"Switch a service's readiness off (out of its Service's endpoints, still serving) or on again.",
            "HOST:PORT is the service's health port; the service must run with CONTROL_ENABLED=true."},
        footerHeading = "%nExamples:%n",
        footer = {"  socket-client control 127.0.0.1:8085 ready off", "  socket-client control 127.0.0.1:8085 ready on"})
final class ControlCommand implements Callable<Integer> {

    /** What can be switched: readiness, for now. */
    enum Switch { READY }

    enum Position { ON, OFF }

    @ParentCommand
    private SocketClient client;

    @Mixin
    private ServiceAddress service;

    @Parameters(index = "1", paramLabel = "ready")
    private Switch what;

    @Parameters(index = "2", paramLabel = "on|off")
    private Position position;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "Connect and read timeout (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        var path = "/control/" + what.name().toLowerCase(Locale.ROOT) + "/" + position.name().toLowerCase(Locale.ROOT);
        var request = HttpWriter.request("POST", path, new HttpHeaders().add("Host", service.target.toString())
                .add("Content-Length", "0").add("Connection", "close"), new byte[0]);
        try (var socket = Connections.tcp(service.target, timeout)) {
            socket.getOutputStream().write(request);
            var response = RawResponse.read(socket.getInputStream(), false).response();
            if (response.code() == 200) {
                client.out().print(response.bodyText());
                client.out().flush();
                return ExitCodes.OK;
            }
            client.err().println(response.code() == 404
                    ? service.target + " has no control paths: run the service with CONTROL_ENABLED=true"
                    : service.target + " answered " + response.code() + " " + response.reason());
            return ExitCodes.FAILED;
        }
    }
}
