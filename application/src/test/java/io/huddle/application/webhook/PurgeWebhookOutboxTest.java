package io.huddle.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.webhook.OutboxEvent;
import io.huddle.domain.webhook.WebhookOutbox;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PurgeWebhookOutboxTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    /** Finished events by their finishing time; purges as the PostgreSQL outbox does. */
    private static final class Finished implements WebhookOutbox {
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

        @Override
        public List<OutboxEvent> claimDue(Instant now, Duration lease, int limit) {
            return List.of();
        }

        @Override
        public void delivered(long position, Instant at) {}

        @Override
        public void retry(long position, int attempts, Instant next, Set<URI> deliveredTo, String lastError) {}

        @Override
        public void deadLetter(long position, int attempts, Instant at, String lastError) {}
    }

    @Test
    void events_finished_longer_ago_than_the_retention_go_a_batch_a_run_and_the_rest_stay() {
        var outbox = new Finished();
        outbox.finishedAt.addAll(List.of(
                NOW.minus(Duration.ofDays(9)),
                NOW.minus(Duration.ofDays(8)),
                NOW.minus(Duration.ofDays(7)).minusSeconds(1),
                NOW.minus(Duration.ofDays(6))));
        var job = new PurgeWebhookOutbox(outbox, InstantSource.fixed(NOW), Duration.ofDays(7), 2);

        assertThat(job.handle().handled()).isEqualTo(2);
        assertThat(job.handle().handled()).isEqualTo(1);
        assertThat(job.handle().handled()).isZero();
        assertThat(outbox.finishedAt).containsExactly(NOW.minus(Duration.ofDays(6)));
    }

    @Test
    void a_retention_or_batch_that_keeps_nothing_or_does_nothing_is_refused() {
        assertThatThrownBy(() -> new PurgeWebhookOutbox(WebhookOutbox.NONE, InstantSource.system(), Duration.ZERO, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new PurgeWebhookOutbox(WebhookOutbox.NONE, InstantSource.system(), Duration.ofDays(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
