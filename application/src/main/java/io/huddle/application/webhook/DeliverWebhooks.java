package io.huddle.application.webhook;

import io.huddle.application.maintenance.MaintenanceJob;
import io.huddle.application.maintenance.Round;
import io.huddle.domain.webhook.OutboxEvent;
import io.huddle.domain.webhook.WebhookDelivery;
import io.huddle.domain.webhook.WebhookOutbox;
import io.huddle.domain.webhook.WebhookSender;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The worker's {@code webhooks} job: claims due events from the outbox (the oldest pending one of each
 * session, so a session's events arrive in order) and has the sender sign and send each to every URL that
 * does not have it yet, all events of a run at once on virtual threads. An event every URL took is done; otherwise it is
 * tried again after an exponential backoff ({@code minBackoff} doubled per attempt, at most
 * {@code maxBackoff}), until {@code maxAge} after it happened, when it is dead-lettered and counted.
 *
 * <p>At least once: an event is marked done only after its receivers answered, so a worker that dies
 * between the two leaves it to be sent again (same event id) once its claim's lease runs out.
 */
public final class DeliverWebhooks implements MaintenanceJob {
    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final InstantSource clock;
    private final Settings settings;
    private final WebhookMeters meters;

    /**
     * @param urls where every event goes ({@code HUDDLE_WEBHOOK_URL})
     * @param lease how long a claimed event is held: longer than a delivery can take
     */
    public record Settings(
            List<URI> urls, Duration minBackoff, Duration maxBackoff, Duration maxAge, Duration lease, int batch) {
        public Settings {
            urls = List.copyOf(urls);
            if (urls.isEmpty()) throw new IllegalArgumentException("no webhook URL");
            Objects.requireNonNull(minBackoff);
            Objects.requireNonNull(maxBackoff);
            Objects.requireNonNull(maxAge);
            Objects.requireNonNull(lease);
            if (batch < 1) throw new IllegalArgumentException("batch " + batch);
        }
    }

    public DeliverWebhooks(
            WebhookOutbox outbox, WebhookSender sender, InstantSource clock, Settings settings, WebhookMeters meters) {
        this.outbox = Objects.requireNonNull(outbox);
        this.sender = Objects.requireNonNull(sender);
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
        this.meters = Objects.requireNonNull(meters);
    }

    /** The wait before attempt {@code attempts + 1}: {@code minBackoff × 2^(attempts − 1)}, at most {@code maxBackoff}. */
    public Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        var wait = settings.minBackoff().multipliedBy(1L << doublings);
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    @Override
    public Round handle() {
        var now = clock.instant();
        var events = outbox.claimDue(now, settings.lease(), settings.batch());
        if (events.isEmpty()) return Round.of(0);
        var outcomes = new ArrayList<Future<Outcome>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var event : events) outcomes.add(threads.submit(() -> deliver(event)));
        }
        int handled = 0;
        int skipped = 0;
        var failures = new ArrayList<Round.Failure>();
        Duration lag = Duration.ZERO;
        for (int i = 0; i < events.size(); i++) {
            var event = events.get(i);
            try {
                switch (outcomes.get(i).resultNow()) {
                    case Outcome.DELIVERED -> {
                        handled++;
                        var late = Duration.between(event.createdAt(), now);
                        if (late.compareTo(lag) > 0) lag = late;
                    }
                    case Outcome.RETRYING -> skipped++;
                    case Outcome.DEAD ->
                        failures.add(new Round.Failure(
                                event.eventId(),
                                new IllegalStateException("dead-lettered after " + settings.maxAge())));
                }
            } catch (IllegalStateException e) {
                failures.add(new Round.Failure(event.eventId(), failureOf(outcomes.get(i), e)));
            }
        }
        return new Round(handled, skipped, failures, lag);
    }

    private static RuntimeException failureOf(Future<Outcome> outcome, IllegalStateException fallback) {
        return outcome.state() == Future.State.FAILED && outcome.exceptionNow() instanceof RuntimeException e
                ? e
                : fallback;
    }

    private enum Outcome {
        DELIVERED,
        RETRYING,
        DEAD
    }

    private Outcome deliver(OutboxEvent event) {
        var delivered = new HashSet<>(event.deliveredTo());
        var delivery = WebhookDelivery.of(event);
        String lastError = null;
        for (var url : settings.urls()) {
            if (delivered.contains(url)) continue;
            var started = System.nanoTime();
            var sent = sender.send(url, delivery);
            meters.attempt(sent instanceof WebhookSender.Sent.Taken, Duration.ofNanos(System.nanoTime() - started));
            switch (sent) {
                case WebhookSender.Sent.Taken taken -> delivered.add(url);
                case WebhookSender.Sent.Refused(var why) -> lastError = url.getHost() + ": " + why;
            }
        }
        var now = clock.instant();
        int attempts = event.attempts() + 1;
        if (delivered.containsAll(settings.urls())) {
            outbox.delivered(event.position(), now);
            meters.delivered(Duration.between(event.createdAt(), now));
            return Outcome.DELIVERED;
        }
        var next = now.plus(backoff(attempts));
        if (next.isAfter(event.createdAt().plus(settings.maxAge()))) {
            outbox.deadLetter(event.position(), attempts, now, lastError);
            meters.deadLettered();
            return Outcome.DEAD;
        }
        outbox.retry(event.position(), attempts, next, delivered, lastError);
        return Outcome.RETRYING;
    }
}
