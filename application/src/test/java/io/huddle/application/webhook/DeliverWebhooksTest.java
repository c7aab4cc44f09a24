package io.huddle.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestClock;
import io.huddle.domain.webhook.OutboxEvent;
import io.huddle.domain.webhook.WebhookDelivery;
import io.huddle.domain.webhook.WebhookOutbox;
import io.huddle.domain.webhook.WebhookSender;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliverWebhooksTest {
    private static final URI A = URI.create("http://a.example/hook");
    private static final URI B = URI.create("http://b.example/hook");

    private final TestClock clock = TestClock.startingNow();
    private final Outbox outbox = new Outbox();
    private final Receivers receivers = new Receivers();
    private final AtomicInteger dead = new AtomicInteger();

    private DeliverWebhooks job(List<URI> urls) {
        return new DeliverWebhooks(
                outbox,
                receivers,
                clock,
                new DeliverWebhooks.Settings(
                        urls,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(8),
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(30),
                        100),
                new WebhookMeters() {
                    @Override
                    public void deadLettered() {
                        dead.incrementAndGet();
                    }
                });
    }

    private OutboxEvent event(long position) {
        return new OutboxEvent(
                position,
                "evt_" + position,
                "session.created",
                "K7M2QX",
                "{\"id\":\"evt_" + position + "\"}",
                clock.instant(),
                0,
                Set.of());
    }

    @Test
    void backoff_doubles_from_the_minimum_up_to_the_maximum() {
        var job = job(List.of(A));
        assertThat(List.of(1, 2, 3, 4, 5, 40).stream().map(job::backoff))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8));
    }

    @Test
    void an_event_every_url_takes_is_delivered_with_its_id_type_and_body() {
        outbox.pending.add(event(1));

        job(List.of(A, B)).handle();

        assertThat(receivers.received).extracting(Received::url).containsExactlyInAnyOrder(A, B);
        assertThat(receivers.received.getFirst().delivery())
                .isEqualTo(new WebhookDelivery("evt_1", "session.created", "{\"id\":\"evt_1\"}"));
        assertThat(outbox.delivered).containsExactly(1L);
    }

    @Test
    void a_refused_url_is_retried_after_the_backoff_and_only_it() {
        outbox.pending.add(event(1));
        receivers.refuse.add(B);

        job(List.of(A, B)).handle();

        assertThat(outbox.delivered).isEmpty();
        var retry = outbox.retries.get(1L);
        assertThat(retry.next()).isEqualTo(clock.instant().plusSeconds(1));
        assertThat(retry.deliveredTo()).containsExactly(A);

        receivers.refuse.clear();
        receivers.received.clear();
        outbox.pending.add(
                new OutboxEvent(1, "evt_1", "session.created", "K7M2QX", "{}", clock.instant(), 1, Set.of(A)));
        job(List.of(A, B)).handle();

        assertThat(receivers.received).extracting(Received::url).containsExactly(B);
        assertThat(outbox.delivered).containsExactly(1L);
    }

    @Test
    void an_event_whose_next_try_would_come_after_its_maximum_age_is_dead_lettered_and_counted() {
        var old = new OutboxEvent(
                7, "evt_7", "member.left", "K7M2QX", "{}", clock.instant().minusSeconds(59), 5, Set.of());
        outbox.pending.add(old);
        receivers.refuse.add(A);

        var round = job(List.of(A)).handle();

        assertThat(outbox.dead).containsExactly(7L);
        assertThat(dead.get()).isEqualTo(1);
        assertThat(round.failures())
                .singleElement()
                .satisfies(f -> assertThat(f.item()).isEqualTo("evt_7"));
    }

    record Received(URI url, WebhookDelivery delivery) {}

    record Retry(Instant next, Set<URI> deliveredTo) {}

    static final class Receivers implements WebhookSender {
        final List<Received> received = new CopyOnWriteArrayList<>();
        final Set<URI> refuse = ConcurrentHashMap.newKeySet();

        @Override
        public Sent send(URI url, WebhookDelivery delivery) {
            if (refuse.contains(url)) return new Sent.Refused("status 500");
            received.add(new Received(url, delivery));
            return new Sent.Taken();
        }
    }

    static final class Outbox implements WebhookOutbox {
        final List<OutboxEvent> pending = new ArrayList<>();
        final List<Long> delivered = new CopyOnWriteArrayList<>();
        final List<Long> dead = new CopyOnWriteArrayList<>();
        final Map<Long, Retry> retries = new ConcurrentHashMap<>();

        @Override
        public List<OutboxEvent> claimDue(Instant now, Duration lease, int limit) {
            var claimed = List.copyOf(pending);
            pending.clear();
            return claimed;
        }

        @Override
        public void delivered(long position, Instant at) {
            delivered.add(position);
        }

        @Override
        public void retry(long position, int attempts, Instant next, Set<URI> deliveredTo, String lastError) {
            retries.put(position, new Retry(next, new HashSet<>(deliveredTo)));
        }

        @Override
        public void deadLetter(long position, int attempts, Instant at, String lastError) {
            dead.add(position);
        }

        /** When finished events finished; purged as the PostgreSQL outbox purges them. */
        final List<Instant> finishedAt = new ArrayList<>();

        @Override
        public int purgeFinished(Instant finishedBefore, int limit) {
            var due = finishedAt.stream()
                    .filter(t -> t.isBefore(finishedBefore))
                    .sorted()
                    .limit(limit)
                    .toList();
            due.forEach(finishedAt::remove);
            return due.size();
        }
    }
}
