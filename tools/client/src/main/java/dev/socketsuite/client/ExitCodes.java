package dev.socketsuite.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

import picocli.CommandLine;

/**
 * One line and one exit status per kind of failure, as the origin document's
 * {@code safe_tcp_client} tells them apart. A bad argument is one line too, not a page of usage.
 */
final class ExitCodes implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    static final int OK = 0;
    /** The server answered, but with a failure (HTTP status of 400 or more, wrong reply). */
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int REFUSED = 3;
    static final int TIMEOUT = 4;
    static final int UNKNOWN_HOST = 5;
    static final int IO_ERROR = 6;

    /** A command whose user asked for no error lines ({@code http -s}, as curl's). */
    interface Silenceable {
        boolean silent();
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        var command = e.getCommandLine();
        var err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see --help)");
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        var err = commandLine.getCommand() instanceof Silenceable quiet && quiet.silent()
                ? new PrintWriter(Writer.nullWriter()) : commandLine.getErr();
        int code = switch (e) {
            case ConnectException refused -> print(err, "connection refused (is the server running?): " + refused.getMessage(), REFUSED);
            case SocketTimeoutException timeout -> print(err, "timed out: " + timeout.getMessage(), TIMEOUT);
            case UnknownHostException unknown -> print(err, "unknown host: " + unknown.getMessage(), UNKNOWN_HOST);
            case UnresolvedAddressException unresolved -> print(err, "unknown host", UNKNOWN_HOST);
            case NoRouteToHostException noRoute -> print(err, "no route to host: " + noRoute.getMessage(), REFUSED);
            case javax.net.ssl.SSLException tls -> print(err, "TLS failed: " + tls.getMessage(), IO_ERROR);
            case IOException io -> print(err, "i/o error: " + io.getMessage(), IO_ERROR);
            case CommandLine.PicocliException usage -> print(err, usage.getMessage(), USAGE);
            default -> print(err, "error: " + e, FAILED);
        };
        err.flush();
        return code;
    }

    private static int print(PrintWriter err, String line, int code) {
        err.println(line);
        return code;
    }
}
