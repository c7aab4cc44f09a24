package io.huddle.domain.limit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Random;

/** Request times of one key (microseconds, ascending, ties allowed) under one limit. */
record Schedule(Limit limit, long[] times) {

    long window() {
        return limit.windowMicros();
    }

    /**
     * A random schedule mixing what breaks limiters: simultaneous requests, steady streams near the
     * rate, bursts just before and just after multiples of the window (where fixed windows double
     * the rate), exact window-length gaps, and idle stretches.
     */
    static Schedule random(Random random) {
        int count = 1 + random.nextInt(new int[] {2, 5, 12, 40}[random.nextInt(4)]);
        long window = 1 + random.nextInt(new int[] {10, 1_000, 60_000_000}[random.nextInt(3)]);
        int requests = 1 + random.nextInt(200);
        var times = new long[requests];
        long t = random.nextInt(3) == 0 ? 0 : Math.floorMod(random.nextLong(), 1L << 40);
        for (int i = 0; i < requests; i++) {
            t += switch (random.nextInt(8)) {
                case 0, 1 -> 0;
                case 2 -> nextLong(random, window / count + 1);
                case 3 -> nextLong(random, window);
                case 4 -> window - Math.floorMod(t, window) - 1; // the last instant of a fixed window
                case 5 -> window - Math.floorMod(t, window); // the first instant of the next one
                case 6 -> window;
                default -> nextLong(random, 3 * window);
            };
            times[i] = t;
        }
        return new Schedule(new Limit(count, Duration.of(window, ChronoUnit.MICROS)), times);
    }

    private static long nextLong(Random random, long bound) {
        return bound <= 0 ? 0 : Math.floorMod(random.nextLong(), bound);
    }

    @Override
    public String toString() {
        return limit.count() + " per " + window() + " µs at " + Arrays.toString(times);
    }
}
