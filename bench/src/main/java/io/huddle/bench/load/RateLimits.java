package io.huddle.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every refusal by one of the gateway's rate limits (PROTOCOL.md section 7: a {@code 429} on HTTP or on the
 * upgrade, a {@code rate_limited} error frame), by the tier that refused. A run that meets a limit measures
 * the limit, not the deployment: the first refusal of each tier is logged at once, and the scenario's line
 * says which tiers refused and which settings to raise. Thread-safe.
 */
final class RateLimits {
    private final Map<String, LongAdder> byTier = new ConcurrentHashMap<>();

    /** One refusal by {@code tier} (null when the gateway did not name it) of {@code what}. */
    void refused(String tier, String what) {
        String key = tier == null || tier.isBlank() ? "unnamed" : tier;
        var count = byTier.computeIfAbsent(key, k -> new LongAdder());
        count.increment();
        if (count.sum() == 1) {
            Run.log("rate limited: the gateway's " + key + " limit refused " + what + " (429 rate_limited); "
                    + "from here the figures show that limit, not the deployment's speed. Raise " + setting(key)
                    + " on the gateways under test, or lower the load");
        }
    }

    /** The counts so far, by tier. */
    Map<String, Long> snapshot() {
        var out = new TreeMap<String, Long>();
        byTier.forEach((tier, n) -> out.put(tier, n.sum()));
        return out;
    }

    /** The refusals between two snapshots, by tier; empty when there were none. */
    static ObjectNode since(Map<String, Long> before, Map<String, Long> after) {
        var node = JsonNodeFactory.instance.objectNode();
        after.forEach((tier, n) -> {
            long delta = n - before.getOrDefault(tier, 0L);
            if (delta > 0) node.put(tier, delta);
        });
        return node;
    }

    /** What a scenario's line says when it met the limits in {@code refused} (tier: count). */
    static String warning(ObjectNode refused) {
        var tiers = new ArrayList<String>();
        var settings = new ArrayList<String>();
        refused.properties().forEach(e -> {
            tiers.add(e.getKey() + " " + e.getValue().asLong());
            settings.add(setting(e.getKey()));
        });
        return "rate limited by the gateway (" + String.join(", ", tiers)
                + " refused): these figures show its limits, not its speed; raise " + String.join(", ", settings)
                + " on the gateways under test";
    }

    /** The gateway's setting of a tier: {@code message-ip} is {@code RATE_LIMIT_MESSAGE_IP}. */
    static String setting(String tier) {
        if (tier.equals("unnamed")) return "the RATE_LIMIT_* settings";
        return "RATE_LIMIT_" + tier.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
