package io.huddle.application.concurrency;

import java.time.Instant;
import java.time.InstantSource;

/**
 * Instants that only move forward, at the pace of {@link System#nanoTime}: for what measures time spans (a
 * socket's silence, when its next ping is due, when a session is next checked), not for what is stored or shown.
 * The wall clock can step (an NTP correction, a virtual machine resumed after a pause): stepped forward by more
 * than three heartbeats it closed every socket of the gateway at the next tick, stepped back it sent no ping for
 * as long as the step. It starts at the wall clock's instant of its making, so the instants read naturally.
 */
public final class MonotonicClock implements InstantSource {
    private final Instant origin;
    private final long originNanos;

    private MonotonicClock(Instant origin, long originNanos) {
        this.origin = origin;
        this.originNanos = originNanos;
    }

    /** Starting now, at {@code wall}'s instant. */
    public static MonotonicClock startingAt(InstantSource wall) {
        return new MonotonicClock(wall.instant(), System.nanoTime());
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(System.nanoTime() - originNanos);
    }
}
