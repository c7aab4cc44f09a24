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

    /** Runs {@code task} after {@code delay}, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task; cancelling one that ran or was cancelled changes nothing. */
    interface Cancellable {
        void cancel();
    }
}
