package io.huddle.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.webhook.WebhookOutbox;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class PurgeWebhookOutboxTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void events_finished_longer_ago_than_the_retention_go_a_batch_a_run_and_the_rest_stay() {
        var outbox = new DeliverWebhooksTest.Outbox();
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
