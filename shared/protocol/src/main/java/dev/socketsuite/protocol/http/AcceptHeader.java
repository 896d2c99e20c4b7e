package dev.socketsuite.protocol.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request's {@code Accept} ranges with their weights (RFC 9110, section 12.5.1), so a
 * server can ask how much the client wants one media type. Malformed ranges and weights are
 * skipped rather than refused: content negotiation falls back to the server's default.
 */
public final class AcceptHeader {

    /** One range, {@code type/subtype}, {@code type/*} or {@code *}{@code /*}, lower-cased, and its weight. */
    private record Range(String type, String subtype, double weight) {

        /** How closely this range names {@code type/subtype}: 3 exactly, 2 by type, 1 as anything, 0 not at all. */
        int specificity(String mediaType, String mediaSubtype) {
            if (type.equals("*")) {
                return subtype.equals("*") ? 1 : 0;
            }
            if (!type.equals(mediaType)) {
                return 0;
            }
            return subtype.equals(mediaSubtype) ? 3 : subtype.equals("*") ? 2 : 0;
        }
    }

    private final List<Range> ranges;

    private AcceptHeader(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** The ranges of every {@code Accept} field of {@code request}. No field means anything, at weight 1. */
    public static AcceptHeader of(HttpRequest request) {
        var values = request.headers().all("Accept");
        if (values.isEmpty()) {
            return new AcceptHeader(List.of(new Range("*", "*", 1)));
        }
        var ranges = new ArrayList<Range>();
        for (var value : values) {
            for (var element : value.split(",")) {
                var range = parse(element);
                if (range != null) {
                    ranges.add(range);
                }
            }
        }
        return new AcceptHeader(ranges);
    }

    /** The weight the client gives {@code mediaType} ({@code text/html}): its most specific range's, 0 when none names it. */
    public double weight(String mediaType) {
        var parts = mediaType.toLowerCase(Locale.ROOT).split("/", 2);
        int best = 0;
        double weight = 0;
        for (var range : ranges) {
            int specificity = range.specificity(parts[0], parts[1]);
            if (specificity > best) {
                best = specificity;
                weight = range.weight();
            }
        }
        return weight;
    }

    /** True when the client wants {@code preferred} more than {@code fallback}: a tie goes to the fallback. */
    public boolean prefers(String preferred, String fallback) {
        double weight = weight(preferred);
        return weight > 0 && weight > weight(fallback);
    }

    private static Range parse(String element) {
        var params = element.split(";");
        var mediaRange = params[0].trim().toLowerCase(Locale.ROOT);
        int slash = mediaRange.indexOf('/');
        if (slash <= 0 || slash == mediaRange.length() - 1) {
            return null;
        }
        var type = mediaRange.substring(0, slash);
        var subtype = mediaRange.substring(slash + 1);
        if (type.equals("*") && !subtype.equals("*")) {
            return null;
        }
        double weight = 1;
        for (int i = 1; i < params.length; i++) {
            var param = params[i].trim();
            if (param.length() > 2 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
                weight = qvalue(param.substring(2).trim());
                if (weight < 0) {
                    return null;
                }
            }
        }
        return new Range(type, subtype, weight);
    }

    /** A qvalue: 0 to 1 with at most three decimals; -1 when malformed. */
    private static double qvalue(String text) {
        if (!text.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) {
            return -1;
        }
        return Double.parseDouble(text);
    }
}
