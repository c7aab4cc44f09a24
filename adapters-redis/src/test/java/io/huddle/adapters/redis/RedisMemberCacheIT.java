package io.huddle.adapters.redis;

import io.huddle.application.contract.MemberCacheContract;
import io.huddle.domain.member.MemberCache;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis member cache passes the contract every {@link MemberCache} passes, under a fresh key prefix.
 * Redis's own TTLs stay an hour away while the tests move their clock, so expiry here is the comparison
 * with the application's clock.
 */
class RedisMemberCacheIT extends MemberCacheContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** The Redis of this run; {@code RedisMemberCacheClusterIT} runs the same tests on the cluster. */
    RedisTarget target() {
        return RedisTarget.SINGLE;
    }

    UnifiedJedis client() {
        return target().client();
    }

    @Override
    protected MemberCache cache(InstantSource clock) {
        return new RedisMemberCache(client(), new RedisKeys(redis.prefix()), clock);
    }
}
