package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.huddle.application.contract.RecentMessagesContract;
import io.huddle.application.contract.TestClock;
import io.huddle.application.contract.TestMessages;
import io.huddle.application.contract.TestSessions;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.Session;
import io.huddle.testkit.Ports;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis recent messages pass the contract every {@link RecentMessages} passes, under a fresh key
 * prefix. Redis's own TTLs stay an hour away while the tests move their clock, so expiry in the
 * contract is the comparison with the application's clock; the key's own expiry is checked here.
 */
class RedisRecentMessagesIT extends RecentMessagesContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** The Redis of this run; {@code RedisRecentMessagesClusterIT} runs the same tests on the cluster. */
    RedisTarget target() {
        return RedisTarget.SINGLE;
    }

    UnifiedJedis client() {
        return target().client();
    }

    @Override
    protected RecentMessages recent(int capacity, InstantSource clock) {
        return new RedisRecentMessages(client(), new RedisKeys(redis.prefix()), capacity, clock);
    }

    private Session session(TestClock at) {
        return TestSessions.session(TestSessions.freshOwner(), at.instant(), Duration.ofMinutes(10), 100);
    }

    @Test
    void the_copy_is_one_sorted_set_per_session_scored_by_seq_that_expires_with_its_session_by_redis_clock() {
        var at = TestClock.startingNow();
        var recent = new RedisRecentMessages(client(), new RedisKeys(redis.prefix()), 3, at);
        var session = session(at);
        var alice = TestSessions.member("Alice", Role.MEMBER, at.instant());
        for (long seq = 1; seq <= 5; seq++)
            recent.append(session, TestMessages.stored(session, alice, seq, at.instant()));

        var key = redis.prefix() + ":{" + session.code().value() + "}:recent";
        var remaining = Duration.between(Instant.now().truncatedTo(ChronoUnit.MILLIS), session.expiresAt());
        assertThat(client().zrangeByScoreWithScores(key, 0, Double.POSITIVE_INFINITY))
                .extracting(tuple -> (long) tuple.getScore())
                .containsExactly(3L, 4L, 5L);
        assertThat(client().pttl(key)).isPositive().isLessThanOrEqualTo(remaining.toMillis());
    }

    @Test
    void appending_to_a_session_that_has_expired_by_the_application_clock_writes_nothing() {
        var at = TestClock.startingNow();
        var recent = new RedisRecentMessages(client(), new RedisKeys(redis.prefix()), 3, at);
        var session = session(at);
        var alice = TestSessions.member("Alice", Role.MEMBER, at.instant());
        at.set(session.expiresAt());

        recent.append(session, TestMessages.stored(session, alice, 1, at.instant()));

        assertThat(client().exists(redis.prefix() + ":{" + session.code().value() + "}:recent"))
                .isFalse();
    }

    @Test
    void redis_out_of_reach_is_store_unavailable() {
        var settings = RedisSettings.standalone(
                URI.create("redis://127.0.0.1:" + Ports.free()), redis.prefix(), "it-recent-down");
        var at = TestClock.startingNow();
        try (var adapters = RedisAdapters.connect(settings, new SimpleMeterRegistry(), at)) {
            var recent = adapters.recentMessages(10);
            var session = session(at);
            var message = TestMessages.stored(
                    session, TestSessions.member("Alice", Role.MEMBER, at.instant()), 1, at.instant());

            assertThat(catchThrowable(() -> recent.append(session, message))).isInstanceOf(StoreUnavailable.class);
            assertThat(catchThrowable(() -> recent.latest(session.code(), 10))).isInstanceOf(StoreUnavailable.class);
            assertThat(catchThrowable(() -> recent.page(session.code(), HistoryQuery.latest(10), new LogSpan(0, 1))))
                    .isInstanceOf(StoreUnavailable.class)
                    .satisfies(
                            e -> assertThat(((StoreUnavailable) e).retryAfter()).isPositive());
            assertThat(catchThrowable(() -> recent.clear(session.code()))).isInstanceOf(StoreUnavailable.class);
        }
    }

    @Test
    void the_adapters_hand_out_copies_of_the_capacity_asked_for() {
        var at = TestClock.startingNow();
        var settings = RedisSettings.standalone(redis.url(), redis.prefix(), "it-recent");
        try (var adapters = RedisAdapters.connect(settings, new SimpleMeterRegistry(), at)) {
            var recent = adapters.recentMessages(2);
            var session = session(at);
            var alice = TestSessions.member("Alice", Role.MEMBER, at.instant());
            var messages = List.of(
                    TestMessages.stored(session, alice, 1, at.instant()),
                    TestMessages.stored(session, alice, 2, at.instant()),
                    TestMessages.stored(session, alice, 3, at.instant()));
            messages.forEach(m -> recent.append(session, m));

            assertThat(recent.latest(session.code(), 10)).isEqualTo(messages.subList(1, 3));
        }
    }
}
