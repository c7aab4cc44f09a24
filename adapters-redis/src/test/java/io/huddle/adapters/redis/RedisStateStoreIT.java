package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.StateStoreContract;
import io.huddle.application.contract.TestSessions;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.state.StateData;
import io.huddle.domain.state.StateStore;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.InstantSource;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * The Redis state store passes the contract every {@link StateStore} passes, under a fresh key prefix.
 * Redis's own TTLs stay an hour away while the tests move their clock, so expiry here is the
 * comparison with the application's clock; the TTL itself is checked on its own.
 */
class RedisStateStoreIT extends StateStoreContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private static RedisClient client;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(redis.url());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Override
    protected StateStore store(InstantSource clock) {
        return new RedisStateStore(client, new RedisKeys(redis.prefix()), clock);
    }

    @Test
    void the_state_hash_expires_when_its_session_does_by_redis_clock() {
        var session = TestSessions.session(clock.instant());
        var keys = new RedisKeys(redis.prefix());

        store(clock).write(session, new StateData("1"), OptionalLong.empty(), new MemberId("m_a"), clock.instant());

        assertThat(client.pexpireTime(keys.state(session.code())))
                .isEqualTo(session.expiresAt().toEpochMilli());
    }

    @Test
    void a_version_past_what_lua_prints_exactly_stays_exact() {
        var session = TestSessions.session(clock.instant());
        var key = new RedisKeys(redis.prefix()).state(session.code());
        long big = 9_007_199_254_740_000L;
        client.hset(key, "version", Long.toString(big));
        client.hset(key, "expiresAt", Long.toString(session.expiresAt().toEpochMilli()));
        var store = store(clock);

        var written =
                store.write(session, new StateData("1"), OptionalLong.of(big), new MemberId("m_a"), clock.instant());

        assertThat(((StateStore.Written.Updated) written).state().version()).isEqualTo(big + 1);
        assertThat(client.hget(key, "version")).isEqualTo(Long.toString(big + 1));
    }
}
