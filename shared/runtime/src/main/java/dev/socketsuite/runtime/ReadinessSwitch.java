package dev.socketsuite.runtime;

import java.lang.System.Logger.Level;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The operator's readiness switch ({@code control.enabled}): {@code POST /control/ready/off}
 * on the health port takes the service out of its Service's endpoints without stopping it,
 * {@code POST /control/ready/on} puts it back. While off, readiness is DOWN with
 * {@link #REASON}; liveness stays UP and the service keeps serving whoever still reaches it,
 * which is how a drain looks from the outside. Every switch is logged.
 */
final class ReadinessSwitch {

    static final String REASON = "switched off by an operator";
    private static final System.Logger LOG = System.getLogger(ReadinessSwitch.class.getName());

    private final String service;
    private volatile boolean off;

    ReadinessSwitch(String service) {
        this.service = service;
    }

    boolean isOff() {
        return off;
    }

    /** Adds the two control paths to the health server's routing. */
    void addTo(HttpRouting.Builder routing) {
        routing.post("/control/ready/off", (request, response) -> turn(true, request, response))
                .post("/control/ready/on", (request, response) -> turn(false, request, response));
    }

    private void turn(boolean switchOff, ServerRequest request, ServerResponse response) {
        boolean was = off;
        off = switchOff;
        var now = switchOff ? "off" : "on";
        LOG.log(Level.WARNING, "{0}: readiness switched {1} by an operator from {2}{3}", service, now,
                request.remotePeer().host(), was == switchOff ? " (it was already " + now + ")" : "");
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").send("readiness " + now + "\n");
    }
}
