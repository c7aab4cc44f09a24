package io.huddle.runtime;

import io.huddle.application.realtime.RealtimeMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real-time path's series in Prometheus terms. Labels are low-cardinality only (a close code, a
 * frame type, a tier): never a session code, a member id or a token.
 */
public final class RealtimeMetrics implements RealtimeMeters {
    private final MeterRegistry registry;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter opened;
    private final Counter deliveries;
    private final Counter rounds;
    private final Counter heldBack;
    private final Counter gapFills;
    private final Counter gapFilled;
    private final Counter slowConsumers;
    private final Timer sendLatency;
    // A handful of values each (close codes, frame types, tiers), so these never grow past a few dozen.
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
    private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> limitedFrames = new ConcurrentHashMap<>();

    public RealtimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("huddle.ws.connections", open, AtomicInteger::get)
                .description("WebSockets open on this instance")
                .register(registry);
        this.opened = Counter.builder("huddle.ws.opened")
                .description("WebSockets welcomed")
                .register(registry);
        this.deliveries = Counter.builder("huddle.fanout.deliveries")
                .description("Events handed to sockets (one per event per socket)")
                .register(registry);
        this.rounds = Counter.builder("huddle.fanout.rounds")
                .description("Rounds of events handed to a session's sockets")
                .register(registry);
        this.heldBack = Counter.builder("huddle.fanout.held.back")
                .description("Messages that arrived ahead of a missing one and waited")
                .register(registry);
        this.gapFills = Counter.builder("huddle.fanout.gap.fills")
                .description("Gaps filled from the history")
                .register(registry);
        this.gapFilled = Counter.builder("huddle.fanout.gap.filled.messages")
                .description("Messages read from the history to fill gaps")
                .register(registry);
        this.slowConsumers = Counter.builder("huddle.ws.slow.consumer.closes")
                .description("Sockets closed with 1013 because they read too slowly")
                .register(registry);
        this.sendLatency = Timer.builder("huddle.message.send")
                .description("From a message:send frame's arrival to its ack or error being written")
                .serviceLevelObjectives(
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofSeconds(1))
                .register(registry);
    }

    @Override
    public void opened() {
        open.incrementAndGet();
        opened.increment();
    }

    @Override
    public void closed(int code) {
        open.decrementAndGet();
        closes.computeIfAbsent(
                        code,
                        c -> Counter.builder("huddle.ws.closed")
                                .description("Welcomed WebSockets closed, by close code")
                                .tag("code", Integer.toString(c))
                                .register(registry))
                .increment();
    }

    @Override
    public void frameIn(String type) {
        framesIn.computeIfAbsent(
                        type,
                        t -> Counter.builder("huddle.ws.frames.in")
                                .description("Frames received, by type")
                                .tag("type", t)
                                .register(registry))
                .increment();
    }

    @Override
    public void limited(String tier) {
        limitedFrames
                .computeIfAbsent(
                        tier,
                        t -> Counter.builder("huddle.ws.frames.limited")
                                .description("Frames refused by a rate limit, by tier")
                                .tag("tier", t)
                                .register(registry))
                .increment();
    }

    @Override
    public void sendAnswered(Duration latency) {
        sendLatency.record(latency);
    }

    @Override
    public void delivered(int events, int streams) {
        rounds.increment();
        deliveries.increment((double) events * streams);
    }

    @Override
    public void heldBack() {
        heldBack.increment();
    }

    @Override
    public void gapFilled(int messages) {
        gapFills.increment();
        gapFilled.increment(messages);
    }

    @Override
    public void slowConsumer() {
        slowConsumers.increment();
    }
}
