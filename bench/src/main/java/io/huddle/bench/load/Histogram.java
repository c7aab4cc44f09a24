package io.huddle.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * Latencies in microseconds, log-linear as the shared harness's {@code hist.js}: exact below 256 µs, then
 * 128 buckets per power of two (under 0.8 % relative error), so both tools report the same percentiles
 * of the same samples. Safe for concurrent use; mergeable.
 */
final class Histogram {
    private long[] counts = new long[256 + 128 * 24];
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    static int index(double micros) {
        long v = Math.max(0, Math.round(micros));
        if (v < 256) return (int) v;
        int shift = 63 - Long.numberOfLeadingZeros(v) - 7; // v >> shift is in [128, 255]
        return (int) (256 + (shift - 1) * 128L + ((v >> shift) - 128));
    }

    /** The midpoint of a bucket, in microseconds. */
    static double value(int index) {
        if (index < 256) return index;
        int shift = (index - 256) / 128 + 1;
        int mantissa = (index - 256) % 128 + 128;
        return (mantissa + 0.5) * Math.pow(2, shift);
    }

    synchronized void recordMillis(double millis) {
        double micros = millis * 1000;
        int index = index(micros);
        if (index >= counts.length) counts = Arrays.copyOf(counts, index + 128);
        counts[index]++;
        count++;
        sum += micros;
        min = Math.min(min, micros);
        max = Math.max(max, micros);
    }

    synchronized long count() {
        return count;
    }

    /** Adds {@code other}'s samples to this one; returns this. */
    Histogram merge(Histogram other) {
        long[] theirs;
        long theirCount;
        double theirSum;
        double theirMin;
        double theirMax;
        synchronized (other) {
            theirs = other.counts.clone();
            theirCount = other.count;
            theirSum = other.sum;
            theirMin = other.min;
            theirMax = other.max;
        }
        synchronized (this) {
            if (theirs.length > counts.length) counts = Arrays.copyOf(counts, theirs.length);
            for (int i = 0; i < theirs.length; i++) counts[i] += theirs[i];
            count += theirCount;
            sum += theirSum;
            min = Math.min(min, theirMin);
            max = Math.max(max, theirMax);
        }
        return this;
    }

    /** The {@code percent}th percentile in microseconds by nearest rank (a bucket's midpoint, within min and max). */
    synchronized double percentileMicros(double percent) {
        if (count == 0) return Double.NaN;
        long rank = Math.max(1, (long) Math.ceil(percent / 100 * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (counts[i] > 0 && seen >= rank) return Math.min(Math.max(value(i), min), max);
        }
        return max;
    }

    /** As {@code hist.js}'s summary: milliseconds rounded to microseconds; nulls when there is no sample. */
    synchronized ObjectNode summary() {
        var node = JsonNodeFactory.instance.objectNode();
        node.put("count", count);
        if (count == 0) {
            for (var field : new String[] {"mean", "p50", "p90", "p95", "p99", "p999", "max"}) node.putNull(field);
            return node;
        }
        node.put("min", millis(min));
        node.put("mean", millis(sum / count));
        node.put("p50", millis(percentileMicros(50)));
        node.put("p90", millis(percentileMicros(90)));
        node.put("p95", millis(percentileMicros(95)));
        node.put("p99", millis(percentileMicros(99)));
        node.put("p999", millis(percentileMicros(99.9)));
        node.put("max", millis(max));
        return node;
    }

    private static double millis(double micros) {
        return Math.round(micros) / 1000.0;
    }
}
