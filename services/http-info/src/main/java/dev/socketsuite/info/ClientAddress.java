package dev.socketsuite.info;

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
        if (peer == null) {
            return connection.peer();
        }
        var client = trustedProxies.clientOf(peer.getAddress(), request.headers());
        return client == null ? connection.peer() : client.getHostAddress();
    }
}
