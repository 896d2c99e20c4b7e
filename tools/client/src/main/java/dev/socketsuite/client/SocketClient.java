package dev.socketsuite.client;

import java.io.InputStream;
import java.io.PrintStream;

import dev.socketsuite.client.bench.BenchCommand;
import dev.socketsuite.client.bench.SoakCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code socket-client}: one tool that speaks every socket-suite protocol. */
@Command(name = "socket-client", mixinStandardHelpOptions = true, version = "socket-client 1.0",
        description = "A client for every socket-suite service, a raw HTTP client, a port scanner and a load generator.",
        subcommands = {EchoCommand.class, UdpCommand.class, StatusCommand.class, ChatCommand.class, ControlCommand.class,
                HttpCommand.class, TlsCommand.class, ScanCommand.class, BenchCommand.class, SoakCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:success",
            "1:the server answered with a failure",
            "2:bad usage",
            "3:connection refused",
            "4:timed out",
            "5:unknown host",
            "6:other network error"})
public final class SocketClient implements Runnable {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    SocketClient(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Standard input, for interactive and streaming subcommands. */
    InputStream in() {
        return in;
    }

    /** Standard output as bytes, for binary-safe streaming. */
    PrintStream out() {
        return out;
    }

    /** Standard error, for traces that must stay apart from the output. */
    PrintStream err() {
        return err;
    }

    @Override
    public void run() {
        CommandLine.usage(this, out);
    }

    /** The command line wired to the given streams; tests pass their own. */
    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        var exitCodes = new ExitCodes();
        return new CommandLine(new SocketClient(in, out, err))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler(exitCodes)
                .setExecutionExceptionHandler(exitCodes);
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.in, System.out, System.err).execute(args));
    }
}
