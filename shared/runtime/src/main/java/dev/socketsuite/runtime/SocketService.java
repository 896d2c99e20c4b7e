package dev.socketsuite.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import dev.socketsuite.runtime.config.ListenerSettings;
import dev.socketsuite.runtime.config.ServiceConfig;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.config.ShutdownSettings;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

/**
 * The one way a service runs. A service's {@code main} is a single call:
 *
 * <pre>{@code
 * SocketService.run("echo-tcp", context -> StreamListener.tcp(context, new EchoProtocol(...)));
 * }</pre>
 *
 * Config comes from {@code application.yaml} in the jar of the service's {@code Main},
 * overridden by system properties and then environment variables ({@code LISTENER_PORT} for
 * {@code listener.port}); see {@link ServiceConfig}.
 */
public final class SocketService {

    private static final System.Logger LOG = System.getLogger(SocketService.class.getName());
    private static final StackWalker CALLER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private SocketService() {
    }

    /**
     * Starts the service from the config of the calling {@code Main}'s jar and serves until
     * SIGTERM or SIGINT, then drains and exits 0. A startup failure is one log line and exit 1.
     */
    public static void run(String name, ListenerFactory factory) {
        var mainClass = CALLER.getCallerClass();
        CarrierThreads.ensureMinimum();
        LogConfig.configureRuntime();
        var signals = SignalShutdown.install(name);
        RunningService service;
        try {
            service = start(name, ServiceConfig.of(mainClass), factory);
        } catch (StartupException e) {
            LOG.log(Level.ERROR, "{0} did not start: {1}", name, e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            // Not a problem we foresaw: keep the stack trace, but still stop rather than linger.
            LOG.log(Level.ERROR, name + " did not start", e);
            System.exit(1);
            return;
        }
        signals.started(service);
        service.awaitStopped();
        System.exit(0);
    }

    /**
     * Starts the service from the given config and returns once both the raw listener
     * and the health server are up. Tests use this with ports set to 0.
     *
     * @throws StartupException when the config is bad or a socket cannot be bound; nothing is left open
     */
    public static RunningService start(String name, Config config, ListenerFactory factory) {
        var settings = new Settings(config);
        var listenerSettings = ListenerSettings.from(settings);
        var shutdown = ShutdownSettings.from(settings);
        var healthHost = settings.string("server.host", "0.0.0.0");
        int healthPort = settings.integer("server.port", 8080, 0, 65535);
        var metrics = new ServiceMetrics(name);
        var context = new ServiceContext(name, settings, listenerSettings, metrics);
        RawListener listener;
        try {
            listener = factory.create(context);
        } catch (RuntimeException e) {
            closeState(context);
            throw e;
        }
        try {
            listener.bind();
        } catch (IOException e) {
            closeState(context);
            throw new StartupException("cannot bind " + listener.endpoint() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeState(context);
            throw e;
        }
        var service = new RunningService(name, listener, context.openedState(), shutdown,
                settings.flag("control.enabled", false));
        try {
            checkPortFree(healthHost, healthPort);
            service.startWebServer(config.get("server"));
        } catch (RuntimeException e) {
            listener.stopAccepting();
            closeState(context);
            throw new StartupException("health server cannot listen on " + healthHost + ":" + healthPort
                    + ": " + rootMessage(e) + " (change " + Settings.describe("server.port") + ")", e);
        }
        listener.start();
        service.markStarted();
        var endpoints = listener.tlsEndpoint() == null ? listener.endpoint() : listener.endpoint() + " and " + listener.tlsEndpoint();
        LOG.log(Level.INFO, "{0} ready in {1} ms: listening on {2}, health on http://{3}:{4}/observe/health",
                name, String.valueOf(sinceJvmStart()), endpoints, healthHost,
                String.valueOf(service.healthPort()));
        return service;
    }

    /**
     * Helidon reports a taken port with a long stack trace and no exception; trying the
     * port first gives the operator one line instead.
     */
    private static void checkPortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (var probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeState(ServiceContext context) {
        var state = context.openedState();
        if (state != null) {
            state.close();
        }
    }

    /** The JVM's own start time: the process may have been a shell script before it exec'd java. */
    private static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    private static String rootMessage(Throwable error) {
        var cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
