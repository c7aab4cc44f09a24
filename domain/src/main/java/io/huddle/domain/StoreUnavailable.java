package io.huddle.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by an adapter when the store a call needs cannot answer (connection refused, timeout, open
 * circuit breaker). Whoever throws it guarantees the write it refused did not happen. The edge
 * answers {@code 503 storage_unavailable} with {@link #retryAfter()}; the message names the store for
 * logs and never reaches a client.
 */
public final class StoreUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    /**
     * @param store which store failed, e.g. {@code "postgres"} or {@code "redis"}
     * @param retryAfter when a retry may succeed (e.g. the time left until a circuit breaker half-opens)
     * @param cause the driver's exception, for the log
     */
    public StoreUnavailable(String store, Duration retryAfter, Throwable cause) {
        super(Objects.requireNonNull(store, "store") + " is unavailable", cause);
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) throw new IllegalArgumentException("retryAfter must not be negative");
        this.retryAfter = retryAfter;
    }

    public StoreUnavailable(String store, Duration retryAfter) {
        this(store, retryAfter, null);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
