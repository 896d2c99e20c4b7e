package dev.socketsuite.runtime;

import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.observe.health.HealthObserver;

/**
 * The three probes, as Kubernetes reads them. Each check only reads state: probing never
 * changes what the service does or counts.
 */
final class ServiceHealth {

    private ServiceHealth() {
    }

    static HealthObserver observer(RunningService service) {
        var listener = service.listener();
        var builder = HealthObserver.builder();
        var state = service.sharedState();
        if (state != null) {
            // Without its backend the service can only refuse: out of the endpoints, but alive.
            builder.addCheck(() -> {
                var status = state.status();
                var response = HealthCheckResponse.builder()
                        .status(status.available())
                        .detail("backend", state.describe());
                return status.available() ? response.build() : response.detail("reason", status.reason()).build();
            }, HealthCheckType.READINESS, "state");
        }
        var readinessSwitch = service.readinessSwitch();
        if (readinessSwitch != null) {
            // Out of the endpoints on purpose, still serving: what a drain looks like from outside.
            builder.addCheck(() -> readinessSwitch.isOff()
                    ? HealthCheckResponse.builder().status(false).detail("reason", ReadinessSwitch.REASON).build()
                    : HealthCheckResponse.builder().status(true).build(), HealthCheckType.READINESS, "operator");
        }
        return builder
                .useSystemServices(false)
                .details(true)
                .addCheck(() -> HealthCheckResponse.builder()
                        .status(listener.isAlive())
                        .detail("endpoint", listener.endpoint())
                        .build(), HealthCheckType.LIVENESS, "listener-loop")
                .addCheck(() -> {
                    var response = HealthCheckResponse.builder()
                            .status(!service.isShuttingDown() && listener.isServing())
                            .detail("endpoint", listener.endpoint())
                            .detail("state", service.state())
                            .detail("openConnections", listener.openConnections());
                    var problem = listener.acceptProblem();
                    return problem == null ? response.build() : response.detail("acceptFailing", problem).build();
                }, HealthCheckType.READINESS, "listener")
                .addCheck(() -> HealthCheckResponse.builder()
                        .status(service.isStarted())
                        .detail("state", service.state())
                        .build(), HealthCheckType.STARTUP, "startup")
                .build();
    }
}
