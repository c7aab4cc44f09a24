package io.huddle.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.adapters.postgres.PostgresAdapters;
import io.huddle.adapters.postgres.PostgresSettings;
import io.huddle.adapters.redis.RedisAdapters;
import io.huddle.adapters.redis.RedisSettings;
import io.huddle.application.contract.TestSessions;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * The upgrade: a live session whose members and state the previous version kept only in Redis (written here
 * in that version's layout) keeps every member, token and state version once an upgraded process copied them.
 */
class RedisOnlyCopyIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    @Test
    void members_tokens_and_state_kept_only_in_redis_are_copied_once_and_keep_working() {
        var meters = new SimpleMeterRegistry();
        try (var postgres = PostgresAdapters.connect(
                        new PostgresSettings(
                                db.jdbcUrl(),
                                db.user(),
                                db.password(),
                                db.schema(),
                                4,
                                1,
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(2)),
                        meters);
                var cache = RedisAdapters.connect(
                        new RedisSettings(redis.url(), List.of(), redis.prefix(), "it-copy", Duration.ofSeconds(2), 4),
                        meters);
                var raw = RedisClient.create(redis.url())) {
            var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            var session = TestSessions.session(now);
            postgres.sessions().create(session);
            var alice = TestSessions.member("Alice | the owner", Role.OWNER, now);
            var token = MemberToken.generate(new SecureRandom());
            var code = session.code().value();
            var expires = Long.toString(session.expiresAt().toEpochMilli());
            var millis = Long.toString(now.toEpochMilli());
            // The previous version's layout: a members hash with expiresAt, a token key, a state hash.
            raw.hset(
                    redis.prefix() + ":{" + code + "}:members",
                    java.util.Map.of(
                            "expiresAt",
                            expires,
                            alice.id().value(),
                            millis + "|" + millis + "|owner|" + token.hash().hex() + "|" + alice.displayName()));
            raw.hset(
                    redis.prefix() + ":{" + code + "}:state",
                    java.util.Map.of(
                            "version",
                            "7",
                            "data",
                            "{\"tempo\":120}",
                            "updatedAt",
                            millis,
                            "updatedBy",
                            alice.id().value(),
                            "expiresAt",
                            expires));

            assertThat(RedisOnlyCopy.copyOnce(cache, postgres)).isEqualTo(2);
            assertThat(RedisOnlyCopy.copyOnce(cache, postgres))
                    .as("a second run adds nothing")
                    .isZero();

            // Redis loses them (this test's own keys only: the tests' Redis is shared).
            raw.del(redis.prefix() + ":{" + code + "}:members", redis.prefix() + ":{" + code + "}:state");
            assertThat(postgres.members().authenticate(token.hash())).contains(new Membership(session.code(), alice));
            assertThat(postgres.state().get(session.code()).version()).isEqualTo(7);
        }
    }
}
