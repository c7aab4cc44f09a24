package io.huddle.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.huddle.application.message.GetHistory;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.Message;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TcpProxy;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * PROTOCOL.md sections 6 and 8: recent history lives in Redis, so with PostgreSQL out of reach a history
 * page the Redis copy settles alone is still answered, through the real wiring (session and member from
 * their Redis copies, messages from the recent copy), and one it cannot settle is {@link StoreUnavailable}.
 * PostgreSQL is reached through a proxy the test takes away.
 */
class HistoryWhilePostgresIsDownIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    @Test
    void the_latest_page_and_catching_up_are_read_from_redis_and_what_it_cannot_settle_is_unavailable() {
        var server = TestPostgres.server();
        // Bound by the proxy itself (port 0): a port found free first could be taken before the proxy binds it.
        var proxy = TcpProxy.start(0, server.host(), server.port());
        int port = proxy.port();
        try (var messaging = RealMessaging.start(redis, server.jdbcUrlVia("127.0.0.1", port), db);
                var client = RedisClient.create(redis.url())) {
            var owner = messaging.newSession();
            var code = RealMessaging.sessionOf(owner);
            var first = messaging.sent(owner, code, "one", Optional.empty());
            var second = messaging.sent(owner, code, "two", Optional.empty());
            var third = messaging.sent(owner, code, "three", Optional.empty());
            var recentKey = redis.prefix() + ":{" + code.value() + "}:recent";
            Poll.until(Duration.ofSeconds(5), "the messages copied", () -> client.zcard(recentKey) == 3);
            assertThat(page(messaging, owner, OptionalLong.empty()).hasMore()).isFalse();

            proxy.close();

            assertThat(page(messaging, owner, OptionalLong.empty()))
                    .isEqualTo(new HistoryPage(List.of(first, second, third), false));
            assertThat(page(messaging, owner, OptionalLong.of(1)))
                    .isEqualTo(new HistoryPage(List.<Message>of(second, third), false));
            client.del(recentKey); // Redis emptied meanwhile: nothing is left to settle a page with
            var failure = catchThrowable(() -> page(messaging, owner, OptionalLong.empty()));
            assertThat(failure).isInstanceOf(StoreUnavailable.class).hasMessageContaining("postgres");
            assertThat(((StoreUnavailable) failure).retryAfter()).isPositive();
        } finally {
            proxy.close();
        }
    }

    private static HistoryPage page(
            RealMessaging messaging, io.huddle.application.auth.Caller caller, OptionalLong after) {
        var code = RealMessaging.sessionOf(caller);
        var outcome = messaging.history.handle(
                new GetHistory.Command(caller, code, OptionalLong.empty(), after, OptionalLong.empty()));
        assertThat(outcome).isInstanceOf(GetHistory.Page.class);
        return ((GetHistory.Page) outcome).page();
    }
}
