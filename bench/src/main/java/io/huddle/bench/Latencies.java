package io.huddle.bench;

import java.util.Arrays;

/** Recorded durations in nanoseconds, one thread's or merged; percentiles by the nearest-rank method. */
final class Latencies {
    private long[] nanos = new long[1 << 14];
    private int size;

    void record(long duration) {
        if (size == nanos.length) nanos = Arrays.copyOf(nanos, size * 2);
        nanos[size++] = duration;
    }

    int count() {
        return size;
    }

    static Latencies merged(Iterable<Latencies> parts) {
        var all = new Latencies();
        for (var part : parts) {
            for (int i = 0; i < part.size; i++) all.record(part.nanos[i]);
        }
        Arrays.sort(all.nanos, 0, all.size);
        return all;
    }

    /** The {@code percent}th percentile in milliseconds; call on a {@link #merged} (sorted) instance. */
    double percentileMillis(double percent) {
        if (size == 0) return Double.NaN;
        int rank = (int) Math.ceil(percent / 100.0 * size);
        return nanos[Math.max(0, Math.min(size - 1, rank - 1))] / 1_000_000.0;
    }
}
