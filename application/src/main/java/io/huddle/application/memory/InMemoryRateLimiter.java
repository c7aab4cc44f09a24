package io.huddle.application.memory;

import io.huddle.domain.limit.Decision;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.limit.SlidingWindowLog;
import io.huddle.domain.limit.Verdict;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rate limits of this process alone, by the domain's {@link SlidingWindowLog}: the embedded mode's
 * limiter and the fallback while Redis is unreachable. One lock makes each multi-tier check atomic;
 * a check costs a few array operations per tier, so the lock is held only briefly. Logs of keys
 * that had no request for a whole window are dropped, at most once per {@link #SWEEP_EVERY_MICROS}.
 */
public final class InMemoryRateLimiter implements RateLimiter {
    private static final long SWEEP_EVERY_MICROS = 1_000_000;

    private record TierKey(String tier, String key) {}

    /** A log and the limit it was last checked against, which says when it is idle. */
    private static final class Entry {
        final SlidingWindowLog log = new SlidingWindowLog();
        Limit limit;
    }

    private final InstantSource clock;
    private final Map<TierKey, Entry> entries = new HashMap<>();
    private long nextSweep = Long.MIN_VALUE;

    public InMemoryRateLimiter(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Verdict check(List<LimitCheck> checks) {
        var valid = LimitCheck.validated(checks);
        long now = micros(clock.instant());
        synchronized (entries) {
            sweepIdle(now);
            var logs = new ArrayList<Entry>(valid.size());
            var decisions = new ArrayList<Decision>(valid.size());
            boolean everyone = true;
            for (var check : valid) {
                var entry = entries.computeIfAbsent(new TierKey(check.tier(), check.key()), k -> new Entry());
                entry.limit = check.limit();
                var decision = entry.log.decide(check.limit(), now);
                everyone &= decision.allowed();
                logs.add(entry);
                decisions.add(decision);
            }
            for (int i = 0; i < valid.size(); i++) {
                var entry = logs.get(i);
                if (everyone && valid.get(i).counted()) entry.log.accept(entry.limit, now);
                else if (entry.log.size() == 0)
                    entries.remove(new TierKey(valid.get(i).tier(), valid.get(i).key()));
            }
            return Verdict.of(valid, decisions);
        }
    }

    /** How many (tier, key) logs are kept; for tests of the clean-up. */
    int trackedKeys() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void sweepIdle(long now) {
        if (now < nextSweep) return;
        nextSweep = now + SWEEP_EVERY_MICROS;
        entries.values().removeIf(entry -> entry.log.idleAt(entry.limit, now));
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
