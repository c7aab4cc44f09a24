package io.huddle.adapters.redis;

import io.huddle.application.contract.MemberStoreContract;
import io.huddle.domain.member.MemberStore;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * The Redis member store passes the contract every {@link MemberStore} passes, under a fresh key prefix. Redis's
 * own TTLs stay an hour away while the tests move their clock, so expiry here is the comparison
 * with the application's clock, which is what makes an entry vanish at exactly {@code expiresAt}.
 */
class RedisMemberStoreIT extends MemberStoreContract {
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
    protected MemberStore store(InstantSource clock) {
        return new RedisMemberStore(client, new RedisKeys(redis.prefix()), clock);
    }
}
