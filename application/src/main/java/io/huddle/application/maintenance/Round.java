package io.huddle.application.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one run of a job did: items it handled (ended, removed, cleared, purged), items it looked at
 * and left alone (not due after all, or handled by someone else first), and items that failed; and how
 * far behind the schedule the job is: {@code lag}, the longest time an item it handled had been due
 * (zero when it handled none, or for a job whose items carry no due time).
 */
public record Round(int handled, int skipped, List<Failure> failures, Duration lag) {
    public Round {
        if (handled < 0 || skipped < 0) throw new IllegalArgumentException("negative count");
        failures = List.copyOf(failures);
        Objects.requireNonNull(lag);
        if (lag.isNegative()) lag = Duration.ZERO;
    }

    public Round(int handled, int skipped, List<Failure> failures) {
        this(handled, skipped, failures, Duration.ZERO);
    }

    public static Round of(int handled) {
        return new Round(handled, 0, List.of());
    }

    /** One item that failed: which (a session code, a member, a socket; never a secret) and why. */
    public record Failure(String item, RuntimeException error) {
        public Failure {
            Objects.requireNonNull(item);
            Objects.requireNonNull(error);
        }
    }

    /** Counts a run's items as they are handled. Not thread-safe: one per run. */
    static final class Tally {
        private int handled;
        private int skipped;
        private final List<Failure> failures = new ArrayList<>();
        private Duration lag = Duration.ZERO;

        void handled() {
            handled++;
        }

        void skipped() {
            skipped++;
        }

        void handledIf(boolean done) {
            if (done) handled++;
            else skipped++;
        }

        /** {@link #handledIf(boolean)} for an item that was due at {@code due}: a handled one counts towards the lag. */
        void handledIf(boolean done, Instant due, Instant now) {
            handledIf(done);
            if (done) late(Duration.between(due, now));
        }

        void late(Duration by) {
            if (by.compareTo(lag) > 0) lag = by;
        }

        void failed(String item, RuntimeException error) {
            failures.add(new Failure(item, error));
        }

        int handledSoFar() {
            return handled;
        }

        Round round() {
            return new Round(handled, skipped, failures, lag);
        }
    }
}
