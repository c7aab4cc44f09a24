package io.huddle.adapters.postgres;

import io.huddle.domain.webhook.OutboxEvent;
import io.huddle.domain.webhook.WebhookOutbox;
import java.net.URI;
import java.sql.Array;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code webhook_outbox} table (V7): rows are written by triggers in the transactions of the changes
 * they report; this class claims and settles them for the worker (SQL in {@code webhooks/*.sql}).
 */
final class PostgresWebhookOutbox implements WebhookOutbox {
    private static final String CLAIM = SqlFiles.load("webhooks/claim.sql");
    private static final String DELIVERED = SqlFiles.load("webhooks/delivered.sql");
    private static final String RETRY = SqlFiles.load("webhooks/retry.sql");
    private static final String DEAD = SqlFiles.load("webhooks/dead.sql");
    private static final String PURGE = SqlFiles.load("webhooks/purge-finished.sql");
    /** A receiver's error text is kept for the operator, clipped. */
    private static final int MAX_ERROR = 500;

    private final PostgresCalls calls;

    PostgresWebhookOutbox(PostgresCalls calls) {
        this.calls = calls;
    }

    @Override
    public List<OutboxEvent> claimDue(Instant now, Duration lease, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit " + limit);
        // Slow: finding each session's oldest pending event reads every pending row, and a receiver down for
        // hours on a big deployment leaves many.
        return calls.withSlowHandle(h -> h
                .createQuery(CLAIM)
                .bind("now", time(now))
                .bind("until", time(now.plus(lease)))
                .bind("limit", limit)
                .map((rs, ctx) -> new OutboxEvent(
                        rs.getLong("id"),
                        rs.getString("event_id"),
                        rs.getString("event_type"),
                        rs.getString("session_code"),
                        rs.getString("payload"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getInt("attempts"),
                        urls(rs.getArray("delivered_to"))))
                .list()
                .stream()
                .sorted(java.util.Comparator.comparingLong(OutboxEvent::position))
                .toList());
    }

    @Override
    public int purgeFinished(Instant finishedBefore, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit " + limit);
        // Slow: a background delete of up to `limit` rows with their payloads and index entries, which nobody
        // waits for, so it keeps the slow calls' 14 s rather than a point call's 4 s, which a big batch could pass.
        return calls.withSlowHandle(h -> h.createUpdate(PURGE)
                .bind("before", time(finishedBefore))
                .bind("limit", limit)
                .execute());
    }

    @Override
    public void delivered(long position, Instant at) {
        calls.withHandle(h -> h.createUpdate(DELIVERED)
                .bind("id", position)
                .bind("at", time(at))
                .execute());
    }

    @Override
    public void retry(long position, int attempts, Instant next, Set<URI> deliveredTo, String lastError) {
        calls.withHandle(h -> h.createUpdate(RETRY)
                .bind("id", position)
                .bind("attempts", attempts)
                .bind("next", time(next))
                .bind("deliveredTo", deliveredTo.stream().map(URI::toString).toArray(String[]::new))
                .bind("lastError", clip(lastError))
                .execute());
    }

    @Override
    public void deadLetter(long position, int attempts, Instant at, String lastError) {
        calls.withHandle(h -> h.createUpdate(DEAD)
                .bind("id", position)
                .bind("attempts", attempts)
                .bind("at", time(at))
                .bind("lastError", clip(lastError))
                .execute());
    }

    private static Set<URI> urls(Array array) throws java.sql.SQLException {
        if (array == null) return Set.of();
        return Arrays.stream((String[]) array.getArray()).map(URI::create).collect(Collectors.toSet());
    }

    private static String clip(String error) {
        if (error == null) return null;
        return error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }
}
