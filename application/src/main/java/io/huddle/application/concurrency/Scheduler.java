package io.huddle.application.concurrency;

import java.time.Duration;

/**
 * Runs work off the caller's thread, now or later. The gateway backs it with virtual threads and one
 * timer thread; tests run it by hand.
 */
public interface Scheduler {

    /** Runs {@code task} soon, on some other thread. */
    void execute(Runnable task);

    /** Runs {@code task} after {@code delay}, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task; cancelling one that ran or was cancelled changes nothing. */
    interface Cancellable {
        void cancel();
    }
}
