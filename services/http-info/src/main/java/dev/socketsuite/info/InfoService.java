package dev.socketsuite.info;

import java.time.Duration;

import dev.socketsuite.runtime.PodIdentity;
import dev.socketsuite.runtime.RawListener;
import dev.socketsuite.runtime.ServiceContext;
import dev.socketsuite.runtime.http.AddressRanges;
import dev.socketsuite.runtime.http.HttpProtocol;
import dev.socketsuite.runtime.stream.StreamListener;

/** The http-info listener: the shared HTTP/1.1 loop serving {@link InfoRoutes}. */
final class InfoService {

    private InfoService() {
    }

    static RawListener listener(ServiceContext context) {
        var clients = new ClientAddress(AddressRanges.from(context.settings(), "http.trusted-proxies"));
        var settings = context.settings();
        var backend = new BackendRoutes(settings.duration("http.max-delay", Duration.ofSeconds(10)),
                settings.integer("http.max-bytes", 1 << 20, 0, 64 << 20), clients);
        var routes = new InfoRoutes(context.state(), context.metrics(), clients, backend, PodIdentity.from(System.getenv()));
        return StreamListener.tcp(context, new HttpProtocol(context.settings(), context.metrics(), routes));
    }
}
