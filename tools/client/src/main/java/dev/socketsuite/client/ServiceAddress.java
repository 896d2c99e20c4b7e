package dev.socketsuite.client;

import picocli.CommandLine.Parameters;

/** The picocli mixin of every subcommand that talks to one service over the network: its HOST:PORT, first. */
final class ServiceAddress {

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "The service's address, such as 127.0.0.1:8080.")
    HostPort target;
}
