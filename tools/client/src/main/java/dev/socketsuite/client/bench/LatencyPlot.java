package dev.socketsuite.client.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.socketsuite.protocol.HtmlText;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A latency percentile distribution drawn as SVG text, the way HdrHistogram's plotter draws
 * it: the x axis is log-scaled in 1/(1-percentile), so 90%, 99%, 99.9%... are equally spaced
 * and the tail gets the room; the y axis is linear latency.
 */
final class LatencyPlot {

    private static final int WIDTH = 880;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final int MAX_DECADES = 6;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    private LatencyPlot() {
    }

    /** One curve per histogram (microseconds), in the order given, under {@code title}. */
    static String svg(String title, Map<String, Histogram> curves) {
        long count = curves.values().stream().mapToLong(Histogram::getTotalCount).max().orElse(0);
        long maxMicros = curves.values().stream().mapToLong(Histogram::getMaxValue).max().orElse(1);
        int decades = (int) Math.clamp(Math.ceil(Math.log10(Math.max(10, count))), 1, MAX_DECADES);
        boolean millis = maxMicros >= 10_000;
        double top = niceCeiling(Math.max(1, millis ? maxMicros / 1000.0 : maxMicros));
        var plot = new Frame(decades, top);

        var svg = new StringBuilder(16_384);
        svg.append(String.format(Locale.ROOT, """
                <?xml version="1.0" encoding="UTF-8"?>
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" \
                font-family="sans-serif" font-size="13">
                <rect width="100%%" height="100%%" fill="white"/>
                <text x="%d" y="28" font-size="16">%s</text>
                """, WIDTH, HEIGHT, WIDTH, HEIGHT, LEFT, HtmlText.escape(title)));
        for (int decade = 0; decade <= decades; decade++) {
            double x = plot.x(decade);
            svg.append(line(x, TOP, x, HEIGHT - BOTTOM, "#dddddd"))
                    .append(text(x, HEIGHT - BOTTOM + 20, "middle", percentLabel(decade)));
        }
        for (int tick = 0; tick <= 5; tick++) {
            double value = top * tick / 5;
            double y = plot.y(value);
            svg.append(line(LEFT, y, WIDTH - RIGHT, y, "#dddddd"))
                    .append(text(LEFT - 8, y + 4, "end", format(value)));
        }
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 25, "middle", "Percentile"));
        svg.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%.1f\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 20 %.1f)\">Latency (%s)</text>%n", plot.y(top / 2), plot.y(top / 2),
                millis ? "ms" : "µs"));

        int index = 0;
        for (var curve : curves.entrySet()) {
            var colour = COLOURS[index % COLOURS.length];
            var points = new ArrayList<String>();
            for (HistogramIterationValue value : curve.getValue().percentiles(5)) {
                double latency = millis ? value.getValueIteratedTo() / 1000.0 : value.getValueIteratedTo();
                double fraction = value.getPercentileLevelIteratedTo() / 100.0;
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", plot.x(decadesOf(fraction, decades)), plot.y(latency)));
            }
            svg.append(String.format(Locale.ROOT,
                    "<polyline class=\"percentiles\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, String.join(" ", points)));
            double legendY = TOP + 20 + 18 * index;
            svg.append(line(LEFT + 15, legendY - 4, LEFT + 40, legendY - 4, colour))
                    .append(text(LEFT + 46, legendY, "start", curve.getKey()));
            index++;
        }
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "black"))
                .append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "black"))
                .append("</svg>\n");
        return svg.toString();
    }

    /** Plot coordinates for {@code decades} of 1/(1-percentile) across and 0..{@code top} up. */
    private record Frame(int decades, double top) {
        double x(double decade) {
            return LEFT + (WIDTH - LEFT - RIGHT) * decade / decades;
        }

        double y(double value) {
            return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * value / top;
        }
    }

    /** log10(1/(1-fraction)), with 100% (infinitely far out) drawn at the right edge. */
    private static double decadesOf(double fraction, int decades) {
        return fraction >= 1 ? decades : Math.min(decades, Math.log10(1 / (1 - fraction)));
    }

    /** 0%, 90%, 99%, 99.9%, ...: the percentile {@code decade} decades out. */
    private static String percentLabel(int decade) {
        return switch (decade) {
            case 0 -> "0%";
            case 1 -> "90%";
            case 2 -> "99%";
            default -> "99." + "9".repeat(decade - 2) + "%";
        };
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : List.of(1.0, 2.0, 5.0, 10.0)) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                x1, y1, x2, y2, colour);
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
                x, y, anchor, HtmlText.escape(content));
    }
}
