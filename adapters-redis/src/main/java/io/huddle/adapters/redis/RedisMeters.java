package io.huddle.adapters.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What this module puts on {@code /metrics} besides the pool gauges: how long Redis calls take
 * ({@code huddle_store_call_seconds{store="redis",outcome}}) and how the event bus's subscription fares
 * ({@code huddle_pubsub_*}). Every meter is bound here, once, so a call records into a meter it holds;
 * the gauges, which hold this module's objects, leave the registry with the adapters.
 */
final class RedisMeters {
    static final String STORE = "redis";

    /** Store-call and probe buckets: a healthy Redis answers in well under a millisecond. */
    static final Duration[] SLO = {
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2)
    };

    private final MeterRegistry registry;
    private final List<Meter> gauges = new ArrayList<>();
    final Timer callSucceeded;
    final Timer callFailed;
    final Counter subscribes;
    final Counter resubscribes;
    final Timer probeReceived;
    final Timer probeNotSubscribed;
    final Timer probeLost;
    final Timer probeSilent;
    final Timer probeUnpublished;

    RedisMeters(MeterRegistry registry) {
        this.registry = registry;
        this.callSucceeded = call(registry, "success");
        this.callFailed = call(registry, "failure");
        this.subscribes = Counter.builder("huddle.pubsub.subscribes")
                .description("Session channels this instance subscribed to (its first socket of a session)")
                .register(registry);
        this.resubscribes = Counter.builder("huddle.pubsub.resubscribes")
                .description("Times the event subscription was made again after its connection was lost,"
                        + " every channel subscribed again and every session caught up from the log")
                .register(registry);
        this.probeReceived = probe(registry, "received");
        this.probeNotSubscribed = probe(registry, "not_subscribed");
        this.probeLost = probe(registry, "lost");
        this.probeSilent = probe(registry, "silent");
        this.probeUnpublished = probe(registry, "unpublished");
    }

    private static Timer call(MeterRegistry registry, String outcome) {
        return Timer.builder("huddle.store.call")
                .description("Calls to a store through its port, by outcome (failure: the store could not answer"
                        + " or refused the call)")
                .tag("store", STORE)
                .tag("outcome", outcome)
                .serviceLevelObjectives(SLO)
                .register(registry);
    }

    private static Timer probe(MeterRegistry registry, String outcome) {
        return Timer.builder("huddle.pubsub.probe")
                .description("pubsub health probes: a message published to this instance's home channel and"
                        + " received back on its subscriber connection (received), or why not")
                .tag("outcome", outcome)
                .serviceLevelObjectives(SLO)
                .register(registry);
    }

    /** The event bus's state: channels subscribed and whether the subscriber connection is up. */
    void bus(Supplier<Integer> channels, Supplier<Boolean> connected) {
        // Strong references: the suppliers are lambdas only the gauges hold, and a weakly held one would be
        // collected, leaving the gauge at NaN.
        gauges.add(Gauge.builder("huddle.pubsub.channels", channels, c -> c.get())
                .strongReference(true)
                .description("Session channels this instance is subscribed to")
                .register(registry));
        gauges.add(Gauge.builder("huddle.pubsub.connected", connected, c -> c.get() ? 1 : 0)
                .strongReference(true)
                .description("1 while the event subscriber connection is up and subscribed")
                .register(registry));
    }

    void recordCall(long startedNanos, boolean succeeded) {
        (succeeded ? callSucceeded : callFailed).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    void close() {
        gauges.forEach(registry::remove);
    }
}
