package dev.socketsuite.info;

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
        var routes = new InfoRoutes(context.state(), context.metrics(), clients);
        return StreamListener.tcp(context, new HttpProtocol(context.settings(), context.metrics(), routes));
    }
}
