package io.huddle.adapters.redis;

import io.huddle.application.contract.InstanceRegistryContract;
import io.huddle.domain.presence.InstanceRegistry;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis instance registry passes the contract every {@link InstanceRegistry} passes. It goes by
 * Redis's clock alone (key time-to-live), so time here passes for real.
 */
class RedisInstanceRegistryIT extends InstanceRegistryContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** The Redis of this run; {@code RedisInstanceRegistryClusterIT} runs the same tests on the cluster. */
    RedisTarget target() {
        return RedisTarget.SINGLE;
    }

    UnifiedJedis client() {
        return target().client();
    }

    @Override
    protected InstanceRegistry registry(InstantSource clock) {
        return new RedisInstanceRegistry(target().nodes(), new RedisKeys(redis.prefix()));
    }

    @Override
    protected void passTime(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
