package io.huddle.runtime.limit;

import io.huddle.application.memory.InMemoryRateLimiter;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.runtime.resilience.Fallbacks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/** Builds the process's one rate limiter, measured. */
public final class RateLimiters {
    static final String FALLBACK = "huddle.ratelimit.fallback";

    private RateLimiters() {}

    /**
     * Connected mode: {@code shared} (Redis) with the local fallback of {@link FallbackRateLimiter};
     * {@code huddle.ratelimit.fallback} is 1 while this instance counts alone.
     */
    public static RateLimiter connected(
            RateLimiter shared, IntSupplier liveInstances, InstantSource clock, MeterRegistry meters) {
        return connected(shared, liveInstances, clock, meters, new Fallbacks(meters));
    }

    /** {@link #connected(RateLimiter, IntSupplier, InstantSource, MeterRegistry)}, reporting to the process's fallbacks. */
    public static RateLimiter connected(
            RateLimiter shared,
            IntSupplier liveInstances,
            InstantSource clock,
            MeterRegistry meters,
            Fallbacks fallbacks) {
        return connected(shared, liveInstances, clock, meters, fallbacks, whenRedisBack -> {});
    }

    /**
     * {@link #connected(RateLimiter, IntSupplier, InstantSource, MeterRegistry, Fallbacks)}, handing
     * {@code onRedisBack} what to run when Redis answers again: the limiter leaves its fallback then, not only
     * at its next check.
     */
    public static RateLimiter connected(
            RateLimiter shared,
            IntSupplier liveInstances,
            InstantSource clock,
            MeterRegistry meters,
            Fallbacks fallbacks,
            Consumer<Runnable> onRedisBack) {
        var fallback = new FallbackRateLimiter(shared, new InMemoryRateLimiter(clock), liveInstances)
                .onSwitch(local -> {
                    if (local) fallbacks.enter("redis", "rate-limits");
                    else fallbacks.leave("redis", "rate-limits");
                });
        onRedisBack.accept(fallback::sharedAnswers);
        Gauge.builder(FALLBACK, fallback, f -> f.local() ? 1 : 0)
                .strongReference(true)
                .description("1 while rate limits are counted by this instance alone because Redis is unreachable")
                .register(meters);
        return new MeteredRateLimiter(fallback, meters);
    }

    /** Embedded mode: one process, its own counts; the fallback gauge stays 0. */
    public static RateLimiter embedded(InstantSource clock, MeterRegistry meters) {
        Gauge.builder(FALLBACK, () -> 0)
                .description("1 while rate limits are counted by this instance alone because Redis is unreachable")
                .register(meters);
        return new MeteredRateLimiter(new InMemoryRateLimiter(clock), meters);
    }
}
