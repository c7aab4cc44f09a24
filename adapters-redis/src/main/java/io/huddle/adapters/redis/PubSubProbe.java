package io.huddle.adapters.redis;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import java.time.Duration;

/**
 * {@code pubsub}: publishes a fresh nonce on this instance's home channel and waits for the event bus's
 * own subscriber connection to receive it. Fan-out rides on that very connection, so a subscription that
 * died without a word shows here as {@code down} (and is made again).
 */
final class PubSubProbe implements HealthProbe {
    static final Duration ROUND_TRIP = Duration.ofSeconds(1);

    private final RedisEventBus bus;
    private final RedisMeters meters;

    PubSubProbe(RedisEventBus bus, RedisMeters meters) {
        this.bus = bus;
        this.meters = meters;
    }

    @Override
    public String name() {
        return "pubsub";
    }

    @Override
    public ProbeResult check() {
        return ProbeTiming.bounded(this::roundTrip);
    }

    private ProbeResult roundTrip() throws InterruptedException {
        long started = System.nanoTime();
        RedisEventBus.ProbeOutcome outcome;
        try {
            outcome = bus.probe(ROUND_TRIP);
        } catch (RuntimeException e) {
            // The probe could not even be published (Redis refuses connections, or hangs: the subscriber's own
            // connection may not notice for a while). Counted, so that the probe's alert sees it, and the
            // health check says why.
            meters.probeUnpublished.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            throw e;
        }
        var timer = switch (outcome) {
            case RECEIVED -> meters.probeReceived;
            case NOT_SUBSCRIBED -> meters.probeNotSubscribed;
            case LOST -> meters.probeLost;
            case SILENT -> meters.probeSilent;
        };
        timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        return switch (outcome) {
            case RECEIVED -> ProbeResult.up(ProbeTiming.since(started));
            case NOT_SUBSCRIBED -> ProbeResult.down(ProbeTiming.since(started), "not subscribed");
            case LOST -> ProbeResult.down(ProbeTiming.since(started), "subscription lost");
            case SILENT -> ProbeResult.down(ProbeTiming.since(started), "probe message not received within 1 s");
        };
    }
}
