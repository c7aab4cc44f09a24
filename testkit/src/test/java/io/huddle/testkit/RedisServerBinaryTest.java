package io.huddle.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisServerBinaryTest {

    @Test
    void version_is_read_from_what_redis_server_prints() {
        assertThat(RedisServerBinary.parseVersion(
                        "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d7c971a948f0"))
                .hasValue("7.0.15");
        assertThat(RedisServerBinary.parseVersion("KeyDB server v=6.3.4")).hasValue("6.3.4");
        assertThat(RedisServerBinary.parseVersion("something else")).isEmpty();
    }

    @Test
    void seven_zero_is_the_oldest_that_qualifies() {
        assertThat(RedisServerBinary.atLeastMinimum("6.2.6")).isFalse();
        assertThat(RedisServerBinary.atLeastMinimum("6.99.0")).isFalse();
        assertThat(RedisServerBinary.atLeastMinimum("7.0.0")).isTrue();
        assertThat(RedisServerBinary.atLeastMinimum("7.2.4")).isTrue();
        assertThat(RedisServerBinary.atLeastMinimum("10.0.1")).isTrue();
    }

    @Test
    void the_embedded_binary_runs_on_this_machine_and_is_7_0_9() {
        var embedded = RedisServerBinary.embedded();

        assertThat(embedded)
                .as("embedded redis-server for " + RedisServerBinary.platform())
                .isPresent();
        assertThat(RedisServerBinary.version(embedded.get())).hasValue(RedisServerBinary.EMBEDDED_VERSION);
    }
}
