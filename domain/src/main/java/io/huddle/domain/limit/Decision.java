package io.huddle.domain.limit;

import java.time.Duration;
import java.util.Objects;

/**
 * What a limit says about one request: allowed or not; {@code remaining} requests the window still
 * allows after this one; {@code retryAfter}, the time until the next request of the key would be
 * allowed (zero when this one is); {@code reset}, the time until the oldest request in the window
 * leaves it (so {@code remaining} grows again).
 */
public record Decision(boolean allowed, int remaining, Duration retryAfter, Duration reset, Limit limit) {
    public Decision {
        Objects.requireNonNull(retryAfter);
        Objects.requireNonNull(reset);
        Objects.requireNonNull(limit);
        if (remaining < 0 || remaining >= limit.count()) throw new IllegalArgumentException("remaining " + remaining);
        if (allowed != retryAfter.isZero()) throw new IllegalArgumentException("retryAfter " + retryAfter);
        if (retryAfter.isNegative()) throw new IllegalArgumentException("retryAfter " + retryAfter);
        if (reset.isNegative() || reset.isZero()) throw new IllegalArgumentException("reset " + reset);
        if (!allowed && remaining != 0) throw new IllegalArgumentException("a refusal leaves nothing remaining");
    }

    public static Decision allowed(Limit limit, int remaining, Duration reset) {
        return new Decision(true, remaining, Duration.ZERO, reset, limit);
    }

    public static Decision refused(Limit limit, Duration retryAfter) {
        return new Decision(false, 0, retryAfter, retryAfter, limit);
    }
}
