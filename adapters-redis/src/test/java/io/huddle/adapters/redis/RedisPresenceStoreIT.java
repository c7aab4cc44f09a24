package io.huddle.adapters.redis;

import io.huddle.application.contract.PresenceStoreContract;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis presence store passes the contract every {@link PresenceStore} passes, under a fresh key prefix. Redis's
 * own TTLs stay an hour away while the tests move their clock, so expiry here is the comparison
 * with the application's clock, which is what makes an entry vanish at exactly {@code expiresAt}.
 */
class RedisPresenceStoreIT extends PresenceStoreContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** The Redis of this run; {@code RedisPresenceStoreClusterIT} runs the same tests on the cluster. */
    RedisTarget target() {
        return RedisTarget.SINGLE;
    }

    UnifiedJedis client() {
        return target().client();
    }

    @Override
    protected PresenceStore store(InstantSource clock) {
        return new RedisPresenceStore(target().nodes(), new RedisKeys(redis.prefix()), clock);
    }
}
