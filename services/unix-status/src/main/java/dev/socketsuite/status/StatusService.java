package dev.socketsuite.status;

import java.util.ArrayList;

import dev.socketsuite.runtime.ListenerGroup;
import dev.socketsuite.runtime.RawListener;
import dev.socketsuite.runtime.ServiceContext;
import dev.socketsuite.runtime.http.HttpProtocol;
import dev.socketsuite.runtime.stream.StreamListener;

/** The Unix socket listener, plus TCP when {@code listener.port} is set, both serving {@link StatusRoutes}. */
final class StatusService {

    private StatusService() {
    }

    static RawListener listener(ServiceContext context) {
        var routes = new StatusRoutes(context.metrics());
        var handler = new HttpProtocol(context.settings(), context.metrics(), routes);
        var listeners = new ArrayList<RawListener>();
        listeners.add(StreamListener.unix(context, handler));
        if (context.settings().config().get("listener.port").exists()) {
            listeners.add(StreamListener.tcp(context, handler));
        }
        return ListenerGroup.of(listeners);
    }
}
