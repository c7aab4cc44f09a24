package io.huddle.domain.limit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** {@code count} requests of one key in any interval of length {@code window} (a sliding window). */
public record Limit(int count, Duration window) {
    public Limit {
        Objects.requireNonNull(window);
        if (count < 1) throw new IllegalArgumentException("count " + count);
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window " + window);
    }

    /** The window in whole microseconds (at least one), the unit every limiter keeps its times in. */
    public long windowMicros() {
        return Math.max(1, TimeUnit.MICROSECONDS.convert(window));
    }

    @Override
    public String toString() {
        return count + "/" + window.toMillis() + "ms";
    }
}
