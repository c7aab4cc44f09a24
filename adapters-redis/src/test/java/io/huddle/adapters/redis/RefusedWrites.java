package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.health.ProbeStatus;
import io.huddle.domain.session.Session;

/** What the adapters must do while the Redis that holds {@code session} answers, but refuses writes. */
final class RefusedWrites {
    private RefusedWrites() {}

    /**
     * Two raises of the session's activity are refused as {@link StoreUnavailable} (the script's first write,
     * HSET, is refused; under OOM Redis lets a script that wrote already go on, so a script beginning with DEL
     * would pass), which opens the breaker; it stays open over four probes, and {@code redis} is down saying
     * why ({@code reason}: READONLY, OOM, …).
     */
    static void keepTheBreakerOpen(RedisAdapters adapters, Session session, String reason) throws InterruptedException {
        for (int i = 1; i <= 2; i++) {
            var later = session.lastActivityAt().plusSeconds(i);
            assertThat(catchThrowable(() -> adapters.sessionCache().touch(session.code(), later)))
                    .isInstanceOf(StoreUnavailable.class);
        }
        assertThat(adapters.available()).isFalse();
        // The prober asks every 250 ms; the server answers PING, but refuses its write.
        Thread.sleep(4 * RedisCalls.PROBE_EVERY.toMillis());
        assertThat(adapters.available())
                .as("still open while writes are refused")
                .isFalse();
        var health = adapters.probes().stream()
                .filter(p -> p.name().equals("redis"))
                .findFirst()
                .orElseThrow()
                .check();
        assertThat(health.status()).isEqualTo(ProbeStatus.DOWN);
        assertThat(health.reason())
                .hasValueSatisfying(why -> assertThat(why).contains("refuses writes (" + reason + ")"));
    }
}
