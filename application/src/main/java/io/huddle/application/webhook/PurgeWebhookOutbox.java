package io.huddle.application.webhook;

import io.huddle.application.maintenance.MaintenanceJob;
import io.huddle.application.maintenance.Round;
import io.huddle.domain.webhook.WebhookOutbox;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The worker's {@code webhook-purge} job: deletes delivered and dead-lettered events once they finished
 * longer than {@code retention} ago, {@code batch} a run, so the outbox holds what is pending and the recent
 * history an operator may want to look at (and replay a dead event from), and does not grow for ever.
 */
public final class PurgeWebhookOutbox implements MaintenanceJob {
    private final WebhookOutbox outbox;
    private final InstantSource clock;
    private final Duration retention;
    private final int batch;

    public PurgeWebhookOutbox(WebhookOutbox outbox, InstantSource clock, Duration retention, int batch) {
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention " + retention);
        if (batch < 1) throw new IllegalArgumentException("batch " + batch);
        this.outbox = Objects.requireNonNull(outbox);
        this.clock = Objects.requireNonNull(clock);
        this.retention = retention;
        this.batch = batch;
    }

    @Override
    public Round handle() {
        return Round.of(outbox.purgeFinished(clock.instant().minus(retention), batch));
    }
}
