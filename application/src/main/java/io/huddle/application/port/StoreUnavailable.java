package io.huddle.application.port;

import java.time.Duration;
import java.util.Objects;

/**
 * A store could not take a write (or answer a read) just now: down, timed out, or its breaker open.
 * Adapters throw it instead of their client's exceptions, with a message that names the store and
 * never a secret or connection string; the edge answers {@code 503 storage_unavailable} with
 * {@link #retryAfter()}. Whoever throws it guarantees the write it refused did not happen.
 */
public final class StoreUnavailable extends RuntimeException {
    private final Duration retryAfter;

    public StoreUnavailable(String message, Duration retryAfter) {
        this(message, retryAfter, null);
    }

    public StoreUnavailable(String message, Duration retryAfter, Throwable cause) {
        super(Objects.requireNonNull(message), cause);
        Objects.requireNonNull(retryAfter);
        if (retryAfter.isNegative()) throw new IllegalArgumentException("retryAfter " + retryAfter);
        this.retryAfter = retryAfter;
    }

    /** When trying again has a chance: how long a breaker stays open, or a short default. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
