package io.huddle.domain.limit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The exact sliding-window rule for one key: a request at time {@code t} is allowed iff fewer than
 * {@code COUNT} accepted requests lie in {@code (t - WINDOW, t]}. So in any interval of length
 * {@code WINDOW} at most {@code COUNT} requests are accepted, and a request is refused only when
 * accepting it would break that.
 *
 * <p>The log keeps the times of the newest accepted requests, never more than {@code COUNT}: older
 * ones can no longer decide anything. Times are microseconds on one timeline, passed in by the
 * caller, so the rule is pure and any clock (a JVM's, Redis {@code TIME}, a test's) can drive it.
 * Time never runs backwards for one key: a time before the newest accepted one counts as that newest
 * time, unless it is more than a whole window before it. Then the clock stepped back (an NTP correction, a
 * virtual machine resumed), and the log is forgotten: pinned to that newest time, a key at its limit was refused
 * for the whole step, however long. Refused requests leave no trace. Not thread-safe: callers hold their own lock.
 */
public final class SlidingWindowLog {
    private static final int INITIAL_CAPACITY = 4;

    /** A ring: the oldest time at {@code head}, {@code size} times in ascending order. */
    private long[] times = new long[INITIAL_CAPACITY];

    private int head;
    private int size;

    /**
     * Decides a request at {@code nowMicros} without recording it; forgets times that left the
     * window. Call {@link #accept} to record an allowed request (possibly after checking other logs).
     */
    public Decision decide(Limit limit, long nowMicros) {
        long now = effectiveNow(limit, nowMicros);
        long window = limit.windowMicros();
        while (size > 0 && oldest() <= now - window) dropOldest();
        while (size > limit.count()) dropOldest();
        if (size < limit.count()) {
            long oldest = size == 0 ? now : oldest();
            return Decision.allowed(limit, limit.count() - size - 1, micros(oldest + window - now));
        }
        return Decision.refused(limit, micros(oldest() + window - now));
    }

    /**
     * Records a request at {@code nowMicros} that {@link #decide} allowed at that time. Keeps at most
     * {@code limit.count()} times.
     */
    public void accept(Limit limit, long nowMicros) {
        long now = effectiveNow(limit, nowMicros);
        while (size >= limit.count()) dropOldest();
        if (size == times.length) grow(limit.count());
        times[(head + size) % times.length] = now;
        size++;
    }

    /** Decides a request and records it when allowed: the rule for a request checked by one limit alone. */
    public Decision acquire(Limit limit, long nowMicros) {
        var decision = decide(limit, nowMicros);
        if (decision.allowed()) accept(limit, nowMicros);
        return decision;
    }

    /** True when no accepted request is in the window at {@code nowMicros}: the log can be dropped. */
    public boolean idleAt(Limit limit, long nowMicros) {
        return size == 0 || newest() <= nowMicros - limit.windowMicros();
    }

    /** How many times the log holds (at most the limit's count). */
    public int size() {
        return size;
    }

    private long effectiveNow(Limit limit, long nowMicros) {
        if (size == 0) return nowMicros;
        if (newest() - nowMicros > limit.windowMicros()) {
            // The clock stepped back by more than a window: at most this key's COUNT more requests, once.
            head = 0;
            size = 0;
            return nowMicros;
        }
        return Math.max(nowMicros, newest());
    }

    private long oldest() {
        return times[head];
    }

    private long newest() {
        return times[(head + size - 1) % times.length];
    }

    private void dropOldest() {
        head = (head + 1) % times.length;
        size--;
    }

    private void grow(int count) {
        var larger = new long[Math.min(Math.max(times.length * 2, INITIAL_CAPACITY), count)];
        for (int i = 0; i < size; i++) larger[i] = times[(head + i) % times.length];
        times = larger;
        head = 0;
    }

    private static Duration micros(long amount) {
        return Duration.of(amount, ChronoUnit.MICROS);
    }
}
