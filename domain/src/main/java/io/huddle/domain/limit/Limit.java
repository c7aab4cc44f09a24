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

    /** As the settings write it: {@code 60/60s}, {@code 1000/15m}, {@code 50/1s}, {@code 5/250ms}. */
    public String describe() {
        long millis = window.toMillis();
        String unit;
        if (millis % 3_600_000 == 0) unit = millis / 3_600_000 + "h";
        else if (millis % 60_000 == 0) unit = millis / 60_000 + "m";
        else if (millis % 1000 == 0) unit = millis / 1000 + "s";
        else unit = millis + "ms";
        return count + "/" + unit;
    }

    @Override
    public String toString() {
        return count + "/" + window.toMillis() + "ms";
    }
}
