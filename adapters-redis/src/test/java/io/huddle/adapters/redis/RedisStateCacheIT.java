package io.huddle.adapters.redis;

import io.huddle.application.contract.StateCacheContract;
import io.huddle.domain.state.StateCache;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis state cache passes the contract every {@link StateCache} passes, under a fresh key prefix.
 * Redis's own TTLs stay an hour away while the tests move their clock, so expiry here is the comparison
 * with the application's clock.
 */
class RedisStateCacheIT extends StateCacheContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** The Redis of this run; {@code RedisStateCacheClusterIT} runs the same tests on the cluster. */
    RedisTarget target() {
        return RedisTarget.SINGLE;
    }

    UnifiedJedis client() {
        return target().client();
    }

    @Override
    protected StateCache cache(InstantSource clock) {
        return new RedisStateCache(client(), new RedisKeys(redis.prefix()), clock);
    }
}
