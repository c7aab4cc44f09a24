package io.huddle.application.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one run of a job did: items it handled (ended, removed, cleared, purged), items it looked at
 * and left alone (not due after all, or handled by someone else first), and items that failed.
 */
public record Round(int handled, int skipped, List<Failure> failures) {
    public Round {
        if (handled < 0 || skipped < 0) throw new IllegalArgumentException("negative count");
        failures = List.copyOf(failures);
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

        void failed(String item, RuntimeException error) {
            failures.add(new Failure(item, error));
        }

        int handledSoFar() {
            return handled;
        }

        Round round() {
            return new Round(handled, skipped, failures);
        }
    }
}
