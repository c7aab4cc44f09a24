package io.huddle.runtime.webhook;

import io.huddle.application.webhook.DeliverWebhooks;
import io.huddle.application.webhook.PurgeWebhookOutbox;
import io.huddle.application.webhook.WebhookMeters;
import io.huddle.domain.webhook.WebhookOutbox;
import io.huddle.runtime.Maintenance;
import io.huddle.runtime.settings.WebhookSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * The worker's {@code webhooks} and {@code webhook-purge} jobs on the outbox, with the meters of delivery: {@code huddle.webhook.attempts}
 * (counter, tag {@code outcome} taken or refused: one HTTP attempt to one URL), {@code huddle.webhook.delivered}
 * (timer: an event's creation to its last URL taking it), {@code huddle.webhook.dead.letters} (counter).
 */
public final class Webhooks {
    private Webhooks() {}

    /** How often finished events are purged, {@link #PURGE_BATCH} at a time. */
    static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    static final int PURGE_BATCH = 1_000;

    /**
     * The {@code webhooks} job (delivery) and the {@code webhook-purge} job (delivered and dead events older
     * than {@code HUDDLE_WEBHOOK_RETENTION}, deleted a batch a minute).
     */
    public static List<Maintenance.ScheduledJob> jobs(
            WebhookOutbox outbox, WebhookSettings settings, MeterRegistry registry, InstantSource clock) {
        var sender = new HttpWebhookSender(settings.timeout(), settings.secret(), InstantSource.system());
        var deliver = new DeliverWebhooks(outbox, sender, clock, settings.delivery(), meters(registry));
        var purge = new PurgeWebhookOutbox(outbox, clock, settings.retention(), PURGE_BATCH);
        return List.of(
                new Maintenance.ScheduledJob("webhooks", settings.interval(), deliver),
                new Maintenance.ScheduledJob("webhook-purge", PURGE_EVERY, purge));
    }

    static WebhookMeters meters(MeterRegistry registry) {
        var taken = Counter.builder("huddle.webhook.attempts")
                .description("HTTP attempts to deliver a webhook event to one URL")
                .tag("outcome", "taken")
                .register(registry);
        var refused = Counter.builder("huddle.webhook.attempts")
                .description("HTTP attempts to deliver a webhook event to one URL")
                .tag("outcome", "refused")
                .register(registry);
        var delivered = Timer.builder("huddle.webhook.delivered")
                .description("an event's creation to its delivery to every URL")
                .register(registry);
        var dead = Counter.builder("huddle.webhook.dead.letters")
                .description("events given up on after HUDDLE_WEBHOOK_MAX_AGE")
                .register(registry);
        return new WebhookMeters() {
            @Override
            public void attempt(boolean ok, Duration took) {
                (ok ? taken : refused).increment();
            }

            @Override
            public void delivered(Duration sinceEvent) {
                delivered.record(sinceEvent);
            }

            @Override
            public void deadLettered() {
                dead.increment();
            }
        };
    }
}
