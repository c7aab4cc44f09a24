package io.huddle.application.health;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The deep check, and a recent copy of it for the readiness probe. Load balancers probe readiness every
 * second or two on every instance; answering from a report at most {@code maxAge} old (refreshed by one
 * caller at a time) keeps that traffic off Redis and PostgreSQL while still showing a dependency going
 * down within about a second.
 */
public final class HealthView {
    private final CheckHealth checkHealth;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock refreshing = new ReentrantLock();

    private volatile Snapshot last;

    private record Snapshot(HealthReport report, long takenAt) {}

    public HealthView(CheckHealth checkHealth, Duration maxAge, LongSupplier nanoTime) {
        this.checkHealth = checkHealth;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Checks every dependency now. */
    public HealthReport deep() {
        HealthReport report = checkHealth.handle();
        last = new Snapshot(report, nanoTime.getAsLong());
        return report;
    }

    /** The last deep report if it is fresh enough, else a new one; concurrent callers share one refresh. */
    public HealthReport recent() {
        Snapshot snapshot = last;
        if (fresh(snapshot)) return snapshot.report();
        refreshing.lock();
        try {
            snapshot = last;
            return fresh(snapshot) ? snapshot.report() : deep();
        } finally {
            refreshing.unlock();
        }
    }

    private boolean fresh(Snapshot snapshot) {
        return snapshot != null && nanoTime.getAsLong() - snapshot.takenAt() <= maxAgeNanos;
    }
}
