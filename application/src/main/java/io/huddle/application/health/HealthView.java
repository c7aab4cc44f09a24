package io.huddle.application.health;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The deep check as the health endpoints read it. With a refresh interval, the probes run in the
 * background, one round every interval on a virtual thread of their own, and {@link #deep} and
 * {@link #recent} answer the last round at once: the endpoints answer in well under 100 ms whatever the
 * dependencies do (a Redis that hangs costs the background round its probe's timeout, never a caller),
 * and the probes' load does not grow with the probe traffic. The first call waits for the first round.
 * With a zero interval (tests that change dependency health between requests) every call checks anew.
 */
public final class HealthView implements AutoCloseable {
    private final CheckHealth checkHealth;
    private final long everyNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Snapshot last;
    private volatile boolean closed;
    private Thread background;

    private record Snapshot(HealthReport report, long takenAt) {}

    public HealthView(CheckHealth checkHealth, Duration refreshEvery, LongSupplier nanoTime) {
        this.checkHealth = checkHealth;
        this.everyNanos = refreshEvery.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The last round of every probe (taken at most one interval ago), or a new one without an interval. */
    public HealthReport deep() {
        return recent();
    }

    /** Same as {@link #deep}: every answer comes from the background round. */
    public HealthReport recent() {
        if (everyNanos == 0) return refresh();
        var snapshot = last;
        if (snapshot != null) return snapshot.report();
        refreshing.lock();
        try {
            if (last == null) refresh();
            startBackground();
            return last.report();
        } finally {
            refreshing.unlock();
        }
    }

    private HealthReport refresh() {
        var report = checkHealth.handle();
        last = new Snapshot(report, nanoTime.getAsLong());
        return report;
    }

    private void startBackground() {
        if (background != null || closed) return;
        background = Thread.ofVirtual().name("huddle-health-probes").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(Duration.ofNanos(everyNanos));
                    refresh();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // A probe that throws is reported down by CheckHealth; anything else: next round.
                }
            }
        });
    }

    /** Stops the background round. */
    @Override
    public void close() {
        closed = true;
        refreshing.lock();
        try {
            if (background != null) background.interrupt();
        } finally {
            refreshing.unlock();
        }
    }
}
