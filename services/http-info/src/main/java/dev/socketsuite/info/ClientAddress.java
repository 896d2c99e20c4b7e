package dev.socketsuite.info;

import java.net.InetAddress;

import dev.socketsuite.protocol.http.ForwardedFor;
import dev.socketsuite.protocol.http.HttpRequest;
import dev.socketsuite.runtime.http.AddressRanges;
import dev.socketsuite.runtime.stream.Connection;

/**
 * Who the client is. The peer (the PROXY header's client when {@code listener.proxy-protocol}
 * is on), unless the peer is a proxy listed in {@code http.trusted-proxies}: then the
 * {@code Forwarded} or {@code X-Forwarded-For} chain is walked from the nearest hop back,
 * past every trusted proxy, to the first address no trusted proxy vouches for. Anyone else's
 * forwarding headers are only shown, never believed: any client can write them.
 */
final class ClientAddress {

    private final AddressRanges trustedProxies;

    ClientAddress(AddressRanges trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    String of(HttpRequest request, Connection connection) {
        var peer = connection.peerAddress();
        if (peer == null || !trustedProxies.contains(peer.getAddress())) {
            return connection.peer();
        }
        InetAddress client = null;
        var chain = ForwardedFor.chain(request.headers());
        for (int hop = chain.size() - 1; hop >= 0; hop--) {
            var address = chain.get(hop);
            if (address.isEmpty()) {
                break; // a hidden or unreadable hop: nothing before it can be believed
            }
            client = address.get();
            if (!trustedProxies.contains(client)) {
                break;
            }
        }
        return client == null ? connection.peer() : client.getHostAddress();
    }
}
