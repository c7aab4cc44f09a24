package io.huddle.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.huddle.application.message.SendMessage;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TcpProxy;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * PROTOCOL.md section 8: when PostgreSQL cannot take the write, the send fails with
 * {@link StoreUnavailable} (the edge's {@code 503 storage_unavailable} with {@code retryAfter}), and
 * nothing of it is in Redis or published. PostgreSQL is reached through a proxy the test takes away.
 */
class SendWhilePostgresIsDownIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    @Test
    void a_send_postgresql_cannot_take_is_store_unavailable_and_nowhere_and_the_next_one_takes_the_next_seq() {
        var server = TestPostgres.server();
        // Bound by the proxy itself (port 0): a port found free first could be taken before the proxy binds it.
        var proxy = TcpProxy.start(0, server.host(), server.port());
        int port = proxy.port();
        try (var messaging = RealMessaging.start(redis, server.jdbcUrlVia("127.0.0.1", port), db);
                var client = RedisClient.create(redis.url())) {
            var owner = messaging.newSession();
            var code = RealMessaging.sessionOf(owner);
            messaging.watch(code);
            var first = messaging.sent(owner, code, "before the outage", Optional.empty());
            Poll.until(Duration.ofSeconds(5), "the first message heard", () -> messaging.published.size() == 1);
            var recentKey = redis.prefix() + ":{" + code.value() + "}:recent";
            var held = client.zrange(recentKey, 0, -1);
            assertThat(held).hasSize(1);

            proxy.close();
            var failure =
                    catchThrowable(() -> messaging.send(owner, code, "during the outage", Optional.of("outage-1")));

            assertThat(failure).isInstanceOf(StoreUnavailable.class).hasMessageContaining("postgres");
            assertThat(((StoreUnavailable) failure).retryAfter()).isPositive();
            assertThat(client.zrange(recentKey, 0, -1)).isEqualTo(held);
            assertThat(messaging.published).containsExactly(new SessionEvent.MessagePosted(code, first));

            try (var restored = TcpProxy.start(port, server.host(), server.port())) {
                assertThat(restored.port()).isEqualTo(port);
                var next = retriedUntilStored(messaging, owner, code);

                assertThat(next.seq()).isEqualTo(2);
                assertThat(next.content()).isEqualTo("after the outage");
                assertThat(messaging.stores.messages().span(code)).isEqualTo(new LogSpan(0, 2));
                assertThat(messaging.stores.recentMessages().latest(code, 100)).containsExactly(first, next);
                Poll.until(Duration.ofSeconds(5), "the next message heard", () -> messaging.published.size() == 2);
                assertThat(messaging.published)
                        .containsExactly(
                                new SessionEvent.MessagePosted(code, first),
                                new SessionEvent.MessagePosted(code, next));
            }
        } finally {
            proxy.close();
        }
    }

    /**
     * The first send after the outage, retried with its client id while the pool replaces connections
     * that broke in the outage (each one can fail one call), waiting {@code retryAfter} between tries as
     * a client does on 503 (the circuit breaker may have opened during the outage).
     */
    private static Message retriedUntilStored(
            RealMessaging messaging,
            io.huddle.application.auth.Caller owner,
            io.huddle.domain.session.SessionCode code) {
        StoreUnavailable last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                var outcome = messaging.send(owner, code, "after the outage", Optional.of("after-1"));
                return switch (outcome) {
                    case SendMessage.Sent sent -> sent.message();
                    case SendMessage.Duplicate duplicate -> duplicate.message();
                    default -> throw new AssertionError("unexpected " + outcome);
                };
            } catch (StoreUnavailable e) {
                last = e;
                pause(e.retryAfter());
            }
        }
        throw new AssertionError("PostgreSQL did not come back", last);
    }

    private static void pause(java.time.Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
