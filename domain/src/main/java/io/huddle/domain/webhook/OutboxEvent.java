package io.huddle.domain.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One event waiting in the outbox: {@code body} is the JSON delivered, complete (it carries
 * {@code eventId} as its {@code id}); {@code deliveredTo} the URLs that acknowledged it already.
 */
public record OutboxEvent(
        long position,
        String eventId,
        String type,
        String sessionCode,
        String body,
        Instant createdAt,
        int attempts,
        Set<URI> deliveredTo) {
    public OutboxEvent {
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(type);
        Objects.requireNonNull(sessionCode);
        Objects.requireNonNull(body);
        Objects.requireNonNull(createdAt);
        deliveredTo = Set.copyOf(deliveredTo);
    }
}
