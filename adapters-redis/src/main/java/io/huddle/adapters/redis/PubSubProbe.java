package io.huddle.adapters.redis;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code pubsub}: publishes a fresh nonce on this instance's probe channel and waits for its own
 * subscriber to receive it. Fan-out rides on subscriptions like that one, so a subscription that died
 * without a word shows here as {@code down}.
 */
final class PubSubProbe implements HealthProbe {
    static final Duration ROUND_TRIP = Duration.ofSeconds(1);

    private final UnifiedJedis client;
    private final ProbeSubscriber subscriber;
    private final String channel;

    PubSubProbe(UnifiedJedis client, ProbeSubscriber subscriber, String channel) {
        this.client = client;
        this.subscriber = subscriber;
        this.channel = channel;
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
        String nonce = UUID.randomUUID().toString();
        var received = subscriber.expect(nonce);
        long started = System.nanoTime();
        try {
            if (!subscriber.subscribed()) {
                return ProbeResult.down(ProbeTiming.since(started), "not subscribed");
            }
            long receivers = client.publish(channel, nonce);
            if (receivers == 0) {
                // Redis no longer counts our subscriber, though the subscriber thinks it is subscribed.
                subscriber.reconnect();
                return ProbeResult.down(ProbeTiming.since(started), "subscription lost");
            }
            received.get(ROUND_TRIP.toNanos(), TimeUnit.NANOSECONDS);
            return ProbeResult.up(ProbeTiming.since(started));
        } catch (TimeoutException e) {
            subscriber.reconnect();
            return ProbeResult.down(ProbeTiming.since(started), "probe message not received within 1 s");
        } catch (ExecutionException e) {
            return ProbeResult.down(ProbeTiming.since(started), "check failed");
        } finally {
            subscriber.forget(nonce);
        }
    }
}
