package io.huddle.runtime.limit;

import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.limit.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures a limiter: {@code huddle.ratelimit.check} times every check (a Redis round trip, or the
 * local count while Redis is down), {@code huddle.ratelimit.rejections{tier}} counts refusals by the
 * tier that refused.
 */
public final class MeteredRateLimiter implements RateLimiter {
    static final String CHECK = "huddle.ratelimit.check";
    static final String REJECTIONS = "huddle.ratelimit.rejections";

    private final RateLimiter limiter;
    private final MeterRegistry meters;
    private final Timer timer;
    // Every tier of PROTOCOL.md section 7, bound up front: a check never builds a meter, and every
    // tier's series is on /metrics (at 0) before its first refusal.
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    public MeteredRateLimiter(RateLimiter limiter, MeterRegistry meters) {
        this.limiter = limiter;
        this.meters = meters;
        this.timer = Timer.builder(CHECK)
                .description("Rate-limit checks, every tier of one request in one check")
                .publishPercentileHistogram()
                .register(meters);
        for (var tier : TIERS) rejections(tier);
    }

    static final List<String> TIERS = List.of(
            LimitPolicy.MESSAGE,
            LimitPolicy.MESSAGE_IP,
            LimitPolicy.BURST,
            LimitPolicy.CONNECT,
            LimitPolicy.JOIN,
            LimitPolicy.JOIN_FAIL,
            LimitPolicy.API,
            LimitPolicy.STRICT,
            LimitPolicy.SERVER);

    @Override
    public Verdict check(List<LimitCheck> checks) {
        long started = System.nanoTime();
        try {
            var verdict = limiter.check(checks);
            if (!verdict.allowed()) rejections(verdict.tier()).increment();
            return verdict;
        } finally {
            timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The group in one call to the limiter beneath (one Redis round trip for a whole group commit), timed
     * as one check; refusals counted one by one.
     */
    @Override
    public List<Verdict> checkEach(List<List<LimitCheck>> requests) {
        long started = System.nanoTime();
        try {
            var verdicts = limiter.checkEach(requests);
            for (var verdict : verdicts) {
                if (!verdict.allowed()) rejections(verdict.tier()).increment();
            }
            return verdicts;
        } finally {
            timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private Counter rejections(String tier) {
        var bound = rejections.get(tier);
        if (bound != null) return bound;
        return rejections.computeIfAbsent(
                tier,
                t -> Counter.builder(REJECTIONS)
                        .description("Requests and frames refused by a rate limit, by the tier that refused")
                        .tag("tier", t)
                        .register(meters));
    }
}
