package io.huddle.testkit;

import java.util.UUID;

/**
 * A Redis for integration tests. Register what {@link #freshPrefix()} returns as an extension, so the
 * keys under its prefix are deleted after the class:
 *
 * <pre>{@code @RegisterExtension static final RedisPrefix redis = TestRedis.freshPrefix();}</pre>
 */
public final class TestRedis {
    private TestRedis() {}

    /** The tests' Redis and a random key prefix whose keys are deleted after the test class. */
    public static RedisPrefix freshPrefix() {
        return new RedisPrefix(
                Services.redis(),
                "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }
}
