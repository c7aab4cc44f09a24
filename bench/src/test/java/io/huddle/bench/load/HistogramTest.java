package io.huddle.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void percentiles_stay_within_one_percent() {
        var histogram = new Histogram();
        for (int i = 1; i <= 10_000; i++) histogram.recordMillis(i / 10.0); // 0.1 … 1000 ms
        var summary = histogram.summary();
        assertThat(summary.get("count").asLong()).isEqualTo(10_000);
        assertThat(summary.get("p50").asDouble()).isCloseTo(500, within(5.0));
        assertThat(summary.get("p99").asDouble()).isCloseTo(990, within(9.9));
        assertThat(summary.get("min").asDouble()).isEqualTo(0.1);
        assertThat(summary.get("max").asDouble()).isEqualTo(1000);
    }

    @Test
    void buckets_are_those_of_the_harness() {
        // hist.js: exact below 256 µs, then 128 buckets per power of two, midpoints reported.
        assertThat(Histogram.index(255)).isEqualTo(255);
        assertThat(Histogram.index(256)).isEqualTo(256);
        assertThat(Histogram.index(257)).isEqualTo(256);
        assertThat(Histogram.index(258)).isEqualTo(257);
        assertThat(Histogram.index(512)).isEqualTo(384);
        assertThat(Histogram.value(256)).isEqualTo(257);
        assertThat(Histogram.value(384)).isEqualTo(514);
        for (long micros : new long[] {300, 4_000, 123_456, 9_999_999, 3_600_000_000L}) {
            double value = Histogram.value(Histogram.index(micros));
            assertThat(Math.abs(value - micros) / micros).isLessThan(0.008);
        }
    }

    @Test
    void merging_adds_counts_and_keeps_extremes() {
        var a = new Histogram();
        var b = new Histogram();
        a.recordMillis(1);
        b.recordMillis(5);
        b.recordMillis(9);
        var all = new Histogram().merge(a).merge(b);
        assertThat(all.count()).isEqualTo(3);
        assertThat(all.summary().get("min").asDouble()).isEqualTo(1);
        assertThat(all.summary().get("max").asDouble()).isEqualTo(9);
    }

    @Test
    void an_empty_histogram_reports_nulls() {
        var summary = new Histogram().summary();
        assertThat(summary.get("count").asLong()).isZero();
        assertThat(summary.get("p99").isNull()).isTrue();
        assertThat(summary.has("min")).isFalse();
    }
}
