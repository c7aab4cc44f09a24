package io.huddle.runtime.limit;

import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.limit.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared limits while the shared limiter (Redis) answers; while it throws, this instance counts alone
 * with every limit cut to {@code max(1, COUNT ÷ live instances)}, the live instances as it last saw
 * them, so the fleet as a whole stays near the limit (PROTOCOL.md section 8). While local, one check
 * every {@link #RETRY_EVERY} tries the shared limiter again (the others stay local meanwhile, so a
 * Redis that hangs costs one caller per second a timeout, not every caller); the first that succeeds
 * switches back, and so does the Redis watch once Redis's breaker closes ({@link #sharedAnswers}). Each switch
 * is logged once.
 */
public final class FallbackRateLimiter implements RateLimiter {
    /** Well inside the protocol's 5 s for returning to Redis, and rare enough to cost nothing. */
    public static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(FallbackRateLimiter.class);

    private final RateLimiter shared;
    private final RateLimiter local;
    private final IntSupplier liveInstances;
    private final LongSupplier nanoTime;
    private final long retryNanos;
    private final AtomicBoolean onLocal = new AtomicBoolean();
    private volatile Consumer<Boolean> onSwitch = local -> {};
    private final AtomicLong nextAttempt = new AtomicLong();

    /**
     * @param shared the limiter every instance shares; throws when its store cannot be reached
     * @param local this process's own limiter, used while {@code shared} throws
     * @param liveInstances how many gateway instances were live when this one last looked (at least 1 is assumed)
     */
    public FallbackRateLimiter(RateLimiter shared, RateLimiter local, IntSupplier liveInstances) {
        this(shared, local, liveInstances, System::nanoTime, RETRY_EVERY);
    }

    /** For tests: time from {@code nanoTime}. */
    FallbackRateLimiter(
            RateLimiter shared, RateLimiter local, IntSupplier liveInstances, LongSupplier nanoTime, Duration retry) {
        this.shared = Objects.requireNonNull(shared);
        this.local = Objects.requireNonNull(local);
        this.liveInstances = Objects.requireNonNull(liveInstances);
        this.nanoTime = Objects.requireNonNull(nanoTime);
        this.retryNanos = retry.toNanos();
    }

    @Override
    public Verdict check(List<LimitCheck> checks) {
        var valid = LimitCheck.validated(checks);
        return decide(() -> shared.check(valid), () -> locally(valid));
    }

    /** The group in one call to the shared limiter; locally, one after the other. */
    @Override
    public List<Verdict> checkEach(List<List<LimitCheck>> requests) {
        var valid = requests.stream().map(LimitCheck::validated).toList();
        return decide(
                () -> shared.checkEach(valid),
                () -> valid.stream().map(this::locally).toList());
    }

    private <T> T decide(Supplier<T> sharedly, Supplier<T> locally) {
        if (onLocal.get() && !attemptDue()) return locally.get();
        T answer;
        try {
            answer = sharedly.get();
        } catch (RuntimeException e) {
            nextAttempt.set(nanoTime.getAsLong() + retryNanos);
            if (onLocal.compareAndSet(false, true)) {
                onSwitch.accept(true);
                log.atWarn()
                        .addKeyValue("error", e.getClass().getSimpleName())
                        .addKeyValue("liveInstances", live())
                        .log(
                                "rate limits fall back to this instance's own counts, each limit divided by the live instances");
            }
            return locally.get();
        }
        backToShared();
        return answer;
    }

    /**
     * The shared limiter's store answers again (Redis's breaker closed): counts are shared from the next check
     * on. Without this a gateway that no request reaches stayed in its fallback, and said so on {@code /metrics}
     * (so {@code HuddleRedisFallback} fired with Redis healthy), until its next check. A check that then finds
     * the store away after all falls back again.
     */
    public void sharedAnswers() {
        backToShared();
    }

    private void backToShared() {
        if (onLocal.compareAndSet(true, false)) {
            onSwitch.accept(false);
            log.info("rate limits are shared again");
        }
    }

    /** Told {@code true} when this instance starts counting alone, {@code false} when limits are shared again. */
    public FallbackRateLimiter onSwitch(Consumer<Boolean> listener) {
        this.onSwitch = Objects.requireNonNull(listener);
        return this;
    }

    /** True while this instance counts alone: the {@code huddle.ratelimit.fallback} gauge. */
    public boolean local() {
        return onLocal.get();
    }

    /** Lets one caller per retry period through to the shared limiter. */
    private boolean attemptDue() {
        long now = nanoTime.getAsLong();
        long due = nextAttempt.get();
        return now - due >= 0 && nextAttempt.compareAndSet(due, now + retryNanos);
    }

    private Verdict locally(List<LimitCheck> checks) {
        int instances = live();
        if (instances == 1) return local.check(checks);
        return local.check(checks.stream()
                .map(check -> check.withLimit(share(check.limit(), instances)))
                .toList());
    }

    private int live() {
        return Math.max(1, liveInstances.getAsInt());
    }

    static Limit share(Limit limit, int instances) {
        return new Limit(Math.max(1, limit.count() / instances), limit.window());
    }
}
