package io.huddle.application.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when a test moves it. Thread-safe. */
public final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now;

    private TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /**
     * Starts at the real time, truncated to milliseconds (what every store keeps), so stores that
     * also expire entries by their own server's clock see sensible, future expiries.
     */
    public static TestClock startingNow() {
        return at(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    public static TestClock at(Instant start) {
        return new TestClock(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    public Instant advance(Duration by) {
        return now.updateAndGet(t -> t.plus(by));
    }

    public void set(Instant to) {
        now.set(to);
    }
}
