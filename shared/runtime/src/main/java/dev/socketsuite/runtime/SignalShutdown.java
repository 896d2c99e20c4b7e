package dev.socketsuite.runtime;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT drain the service. Installed before startup, so a signal that comes
 * while the service starts (a supervisor that saw the ready line and stops it at once) is
 * kept and acted on as soon as the service is up, instead of meeting the JVM's default
 * handler, which exits 143 without a drain.
 */
final class SignalShutdown {

    private final String name;
    private RunningService service;
    private boolean requested;
    private boolean begun;

    private SignalShutdown(String name) {
        this.name = name;
    }

    static SignalShutdown install(String name) {
        var shutdown = new SignalShutdown(name);
        Signal.handle(new Signal("TERM"), signal -> shutdown.request());
        Signal.handle(new Signal("INT"), signal -> shutdown.request());
        return shutdown;
    }

    /** The service is up: a signal already received drains it now. */
    synchronized void started(RunningService running) {
        service = running;
        beginIfDue();
    }

    private synchronized void request() {
        requested = true;
        beginIfDue();
    }

    private void beginIfDue() {
        if (requested && service != null && !begun) {
            begun = true;
            Thread.ofPlatform().name(name + "-shutdown").start(service::shutdown);
        }
    }
}
