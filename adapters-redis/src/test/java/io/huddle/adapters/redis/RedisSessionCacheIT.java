package io.huddle.adapters.redis;

import io.huddle.application.contract.SessionCacheContract;
import io.huddle.domain.session.SessionCache;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis session cache passes the contract every {@link SessionCache} passes, under a fresh key prefix. Redis's
 * own TTLs stay an hour away while the tests move their clock, so expiry here is the comparison
 * with the application's clock, which is what makes an entry vanish at exactly {@code expiresAt}.
 */
class RedisSessionCacheIT extends SessionCacheContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** The Redis of this run; {@code RedisSessionCacheClusterIT} runs the same tests on the cluster. */
    RedisTarget target() {
        return RedisTarget.SINGLE;
    }

    UnifiedJedis client() {
        return target().client();
    }

    @Override
    protected SessionCache cache(InstantSource clock) {
        return new RedisSessionCache(client(), new RedisKeys(redis.prefix()), clock);
    }
}
