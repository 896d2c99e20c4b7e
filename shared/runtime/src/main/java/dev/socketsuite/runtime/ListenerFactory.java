package dev.socketsuite.runtime;

/**
 * How a service plugs into the runtime: given its context, build its raw listener. Read
 * and validate the service's own config here, so a bad value stops startup before any
 * socket is bound.
 */
@FunctionalInterface
public interface ListenerFactory {

    /** Builds the listener; throw {@link StartupException} for bad config. */
    RawListener create(ServiceContext context);
}
