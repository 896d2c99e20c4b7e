package dev.socketsuite.client;

import picocli.CommandLine;

/** Lets picocli read {@code HOST:PORT} arguments. */
public final class HostPortConverter implements CommandLine.ITypeConverter<HostPort> {

    @Override
    public HostPort convert(String value) {
        return HostPort.parse(value);
    }
}
