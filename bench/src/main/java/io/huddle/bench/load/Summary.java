package io.huddle.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared harness's {@code summarize.js}, line for line: one result (a JSON line of this driver or of
 * the harness's loadgen) as one or two lines of text, with the same figures in the same places, so the
 * two tools' outputs can be read side by side.
 */
final class Summary {
    private Summary() {}

    static List<String> lines(JsonNode r) {
        var out = new ArrayList<String>();
        String warning =
                r.hasNonNull("warning") ? " WARNING " + r.get("warning").asText() : "";
        String head = text(r, "driver") + " " + (r.hasNonNull("tag") ? text(r, "tag") : text(r, "scenario")) + " ok="
                + r.path("ok").asBoolean(false) + warning;
        String scenario = text(r, "scenario");
        if (r.hasNonNull("fatal")) {
            out.add(head + " FATAL " + text(r, "fatal"));
        } else if (scenario.equals("fanout")) {
            var d = r.path("deliveries");
            var loadgen = r.path("loadgen");
            var machine = r.path("machine");
            out.add(head + " | sent " + number(r.get("measuredSent")) + " at " + f(r.get("sendRate")) + "/s, "
                    + f(d.get("perSec"), 0) + " deliveries/s | delivery " + lat(r.get("latencyMs")) + " | ack "
                    + lat(r.get("ackLatencyMs")));
            out.add("    missing " + number(d.get("missing")) + " dup " + number(d.get("duplicates")) + " out-of-order "
                    + number(d.get("outOfOrder")) + " noAck " + number(r.get("noAck")) + " errors "
                    + errs(r.get("errors")) + " | loadgen " + number(loadgen.get("workers")) + "w "
                    + f(loadgen.get("cores"), 2) + " cores (" + f(times100(loadgen.get("shareOfMachine")))
                    + " % of machine), loop p99 " + f(loadgen.get("loopDelayP99Ms")) + " ms | " + srv(r.get("servers"))
                    + " | machine busy " + f(machine.get("busyCores"), 2) + "c steal "
                    + f(times100OrZero(machine.get("stealShare"))) + " % other " + f(machine.get("unaccountedCores"), 2)
                    + "c");
        } else if (scenario.equals("idle")) {
            var servers = new ArrayList<String>();
            r.path("servers")
                    .properties()
                    .forEach(e -> servers.add(e.getKey() + " "
                            + f(e.getValue().get("rssBeforeMb"), 0) + "->"
                            + f(e.getValue().get("rssPeakMb"), 0) + "MB "
                            + f(e.getValue().get("holdCores"), 2) + "c"));
            var perConnection = r.get("serverRssPerConnectionKb");
            var peak = r.hasNonNull("serverRssPeakMb") ? r.get("serverRssPeakMb") : r.get("serverRssTotalMb");
            out.add(head + " | " + number(r.get("connected")) + "/"
                    + number(r.path("params").get("connections"))
                    + " connected in " + f(r.get("setupSec")) + " s, " + number(r.get("openAtEnd")) + " open after "
                    + number(r.path("params").get("hold")) + " s | connect " + lat(r.get("connectToWelcomeMs"))
                    + " | errors " + errs(r.get("errors")));
            out.add("    " + String.join(" ", servers) + " | server RSS peak " + f(peak) + " MB end "
                    + f(r.get("serverRssEndMb")) + " MB, KB/conn peak "
                    + f(perConnection == null ? null : perConnection.get("peak")) + " end "
                    + f(
                            perConnection == null
                                    ? null
                                    : perConnection.isNumber() ? perConnection : perConnection.get("end"))
                    + " | loadgen " + f(r.path("loadgen").get("cores"), 2) + " cores");
        } else if (scenario.equals("join")) {
            for (var k : new String[] {"sequential", "concurrent"}) {
                var j = r.path(k);
                out.add(head + " " + k + "(" + number(j.get("concurrency")) + ") | " + number(j.get("ok")) + "/"
                        + number(j.get("attempted")) + " ok, " + f(j.get("opsPerSec")) + "/s | total "
                        + lat(j.get("totalMs")) + " | http "
                        + f(j.path("httpJoinMs").get("p50")) + " ws "
                        + f(j.path("connectToWelcomeMs").get("p50")) + " ms p50 | errors " + errs(j.get("errors"))
                        + " | loadgen " + f(j.path("loadgen").get("cores"), 2) + "c | " + srv(j.get("servers")));
            }
        }
        return out;
    }

    private static String text(JsonNode r, String field) {
        var value = r.get(field);
        return value == null || value.isNull() ? "undefined" : value.asText();
    }

    /** {@code Number(x).toFixed(d)}: half up on the exact value of the double; {@code -} for none. */
    static String f(JsonNode x, int decimals) {
        if (x == null || x.isNull() || x.isMissingNode()) return "-";
        return fixed(x.asDouble(Double.NaN), decimals);
    }

    static String f(JsonNode x) {
        return f(x, 1);
    }

    static String fixed(double x, int decimals) {
        if (Double.isNaN(x)) return "NaN";
        return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** A number as JavaScript prints it in a template: no trailing {@code .0}. */
    static String number(JsonNode x) {
        if (x == null || x.isNull() || x.isMissingNode()) return "undefined";
        double value = x.asDouble();
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** {@code 100 * x} as JavaScript computes it: null counts as 0, a missing field gives NaN. */
    private static JsonNode times100(JsonNode x) {
        if (x == null || x.isMissingNode()) return DoubleNode.valueOf(Double.NaN);
        return DoubleNode.valueOf(x.isNull() ? 0 : 100 * x.asDouble());
    }

    private static JsonNode times100OrZero(JsonNode x) {
        return DoubleNode.valueOf(x == null || x.isNull() ? 0 : 100 * x.asDouble());
    }

    private static String lat(JsonNode s) {
        if (s == null || s.path("count").asLong(0) == 0) return "no samples";
        return "p50 " + f(s.get("p50")) + " p95 " + f(s.get("p95")) + " p99 " + f(s.get("p99")) + " max "
                + f(s.get("max")) + " ms";
    }

    private static String srv(JsonNode servers) {
        var parts = new ArrayList<String>();
        if (servers != null) {
            servers.properties()
                    .forEach(e -> parts.add(e.getKey() + " " + f(e.getValue().get("cores"), 2) + "c/"
                            + f(e.getValue().get("rssMb"), 0) + "MB"));
        }
        return String.join(" ", parts);
    }

    private static String errs(JsonNode e) {
        return e != null && e.isObject() && !e.isEmpty() ? e.toString() : "none";
    }
}
