package io.huddle.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something that happens in the background (a reconnect, a retry). Only the upper bound is
 * timed, and generously, so a slow machine makes a test slower, not red.
 */
public final class Poll {
    private Poll() {}

    /** Returns as soon as {@code condition} holds; fails with {@code what} when it still does not after {@code limit}. */
    public static void until(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("Still not the case after " + limit + ": " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
