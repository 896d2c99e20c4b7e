package dev.socketsuite.runtime;

import dev.socketsuite.runtime.config.ListenerSettings;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.SharedState;
import dev.socketsuite.runtime.state.SharedStates;

/**
 * What the runtime hands a service when it builds its listener.
 */
public final class ServiceContext {

    private final String name;
    private final Settings settings;
    private final ListenerSettings listener;
    private final ServiceMetrics metrics;
    private SharedState state;

    ServiceContext(String name, Settings settings, ListenerSettings listener, ServiceMetrics metrics) {
        this.name = name;
        this.settings = settings;
        this.listener = listener;
        this.metrics = metrics;
    }

    /** Service name, used in logs, thread names and metric tags. */
    public String name() {
        return name;
    }

    /** The whole config, for the service's own section. */
    public Settings settings() {
        return settings;
    }

    /** The shared {@code listener} section. */
    public ListenerSettings listener() {
        return listener;
    }

    /** The service's meters. */
    public ServiceMetrics metrics() {
        return metrics;
    }

    /**
     * The state backend ({@code state.backend}), opened on first call. Only a service that
     * asks for it depends on it: its readiness then includes the backend's.
     */
    public synchronized SharedState state() {
        if (state == null) {
            state = SharedStates.open(settings, name, metrics);
        }
        return state;
    }

    /** The backend if the service opened one, else null. */
    synchronized SharedState openedState() {
        return state;
    }
}
