package dev.socketsuite.runtime.http;

import java.net.InetAddress;
import java.util.List;

import dev.socketsuite.protocol.IpLiteral;
import dev.socketsuite.protocol.http.ForwardedFor;
import dev.socketsuite.protocol.http.HttpHeaders;
import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.config.Settings;

/**
 * A set of address ranges in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}, or a
 * single address), read from a comma-separated config value such as {@code http.trusted-proxies}.
 */
public final class AddressRanges {

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Reads {@code key} (empty or absent: no ranges); a bad entry stops startup naming the key. */
    public static AddressRanges from(Settings settings, String key) {
        return new AddressRanges(settings.list(key).stream().map(text -> parse(text, key)).toList());
    }

    private static Range parse(String text, String key) {
        int slash = text.indexOf('/');
        var address = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash)).orElseThrow(() -> bad(key, text));
        var bytes = address.getAddress();
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw bad(key, text);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw bad(key, text);
            }
        }
        return new Range(bytes, prefix);
    }

    private static StartupException bad(String key, String text) {
        return new StartupException(Settings.describe(key) + " must list addresses or CIDR ranges such as"
                + " 10.0.0.0/8 or fd00::/8, separated by commas; not '" + text + "'");
    }

    /** True when {@code address} is in one of the ranges. */
    public boolean contains(InetAddress address) {
        var bytes = address.getAddress();
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /** True when no range is set. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * Who the client is when {@code peer} sent {@code headers}: null (the peer itself) unless
     * it is one of these (trusted) proxies that forwarded for someone; then the {@code Forwarded} or {@code X-Forwarded-For}
     * chain is walked from the nearest hop back, past every trusted proxy, to the first address
     * none of them vouches for. Anyone else's forwarding headers are never believed: any
     * client can write them.
     */
    public InetAddress clientOf(InetAddress peer, HttpHeaders headers) {
        if (!contains(peer)) {
            return null;
        }
        InetAddress client = null;
        var chain = ForwardedFor.chain(headers);
        for (int hop = chain.size() - 1; hop >= 0; hop--) {
            var address = chain.get(hop);
            if (address.isEmpty()) {
                break; // a hidden or unreadable hop: nothing before it can be believed
            }
            client = address.get();
            if (!contains(client)) {
                break;
            }
        }
        return client;
    }
}
