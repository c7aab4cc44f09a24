package io.huddle.domain.limit;

import java.time.Duration;
import java.util.Objects;

/** {@code count} requests of one key in any interval of length {@code window} (a sliding window). */
public record Limit(int count, Duration window) {
    public Limit {
        Objects.requireNonNull(window);
        if (count < 1) throw new IllegalArgumentException("count " + count);
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window " + window);
    }

    @Override
    public String toString() {
        return count + "/" + window.toMillis() + "ms";
    }
}
