package dev.socketsuite.runtime;

/**
 * What the runtime hands a service when it builds its listener.
 *
 * @param name     service name, used in logs, thread names and metric tags
 * @param settings the whole config, for the service's own section
 * @param listener the shared {@code listener} section
 * @param metrics  the service's meters
 */
public record ServiceContext(String name, Settings settings, ListenerSettings listener, ServiceMetrics metrics) {
}
