package io.huddle.application.maintenance;

import io.huddle.domain.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How much a job takes on per run ({@code size} items) and how long its claim on them holds
 * ({@code lease}): longer than a run takes, so no other worker takes the same items meanwhile; a
 * worker that dies mid-run leaves its items to others once the lease has run out.
 */
public record Batch(int size, Duration lease) {
    public Batch {
        Objects.requireNonNull(lease);
        if (size < 1) throw new IllegalArgumentException("batch size " + size);
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease " + lease);
    }

    SessionStore.Claim claim(Instant now) {
        return new SessionStore.Claim(now, lease, size);
    }
}
