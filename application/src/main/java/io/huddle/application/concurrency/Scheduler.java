package io.huddle.application.concurrency;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Runs work off the caller's thread, now or later. The gateway backs it with virtual threads and one
 * timer thread; tests run it by hand.
 */
public interface Scheduler {

    /** Runs {@code task} soon, on some other thread. */
    void execute(Runnable task);

    /**
     * An executor of its own that runs tasks one at a time, in order, on one thread: for a loop that spends
     * its time in blocking reads of a store's socket (the group commit). In a running process it is a
     * platform thread, where a blocking read is one system call; a virtual thread would park and be woken
     * through the poller on every read, several times per transaction.
     */
    Executor dedicated(String name);

    /**
     * Runs a task on one of a few platform threads kept for reads made alongside a caller's own, when one
     * of them is free; otherwise drops it, and the caller makes the read itself ({@link Meanwhile}). Platform
     * threads for the same reason as {@link #dedicated}; a few, so that a burst of callers falls back to
     * reading in turn instead of starting threads.
     */
    Executor alongside();

    /** Runs {@code task} after {@code delay}, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task; cancelling one that ran or was cancelled changes nothing. */
    interface Cancellable {
        void cancel();
    }
}
