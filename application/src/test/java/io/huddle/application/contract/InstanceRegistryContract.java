package io.huddle.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.presence.InstanceRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link InstanceRegistry} promises. Instance ids are fresh per test. */
public abstract class InstanceRegistryContract {
    /** The time the registry sees, for implementations that judge by the application's clock. */
    protected final TestClock clock = TestClock.startingNow();

    private InstanceRegistry registry;

    protected abstract InstanceRegistry registry(InstantSource clock);

    /** Lets time pass for the registry; an implementation judged by a server's clock waits for real. */
    protected abstract void passTime(Duration duration);

    @BeforeEach
    void open_registry() {
        registry = registry(clock);
    }

    private static String instance() {
        return "gw-" + UUID.randomUUID();
    }

    @Test
    void an_instance_that_beat_is_alive_and_listed() {
        var gateway = instance();

        registry.heartbeat(gateway, Duration.ofSeconds(30));

        assertThat(registry.isAlive(gateway)).isTrue();
        assertThat(registry.live()).contains(gateway);
    }

    @Test
    void an_instance_that_never_beat_is_not_alive() {
        var gateway = instance();

        assertThat(registry.isAlive(gateway)).isFalse();
        assertThat(registry.live()).doesNotContain(gateway);
    }

    @Test
    void an_instance_is_dead_once_its_time_to_live_has_passed() {
        var dying = instance();
        var beating = instance();
        registry.heartbeat(dying, Duration.ofMillis(200));
        registry.heartbeat(beating, Duration.ofSeconds(30));

        passTime(Duration.ofMillis(300));

        assertThat(registry.isAlive(dying)).isFalse();
        assertThat(registry.live()).contains(beating).doesNotContain(dying);
    }

    @Test
    void each_beat_extends_the_life_of_an_instance() {
        var gateway = instance();
        registry.heartbeat(gateway, Duration.ofSeconds(2));
        passTime(Duration.ofMillis(1200));

        registry.heartbeat(gateway, Duration.ofSeconds(2));
        passTime(Duration.ofMillis(1200));

        assertThat(registry.isAlive(gateway)).isTrue();
    }
}
