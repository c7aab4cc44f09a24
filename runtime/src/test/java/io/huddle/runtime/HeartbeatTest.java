package io.huddle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.memory.InMemoryInstanceRegistry;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    @Test
    void each_beat_notes_how_many_instances_are_alive_for_the_rate_limit_fallback() {
        var registry = new InMemoryInstanceRegistry(InstantSource.system());
        registry.heartbeat("other-1", Duration.ofMinutes(1));
        registry.heartbeat("other-2", Duration.ofMinutes(1));
        var seen = new LiveInstances();
        assertThat(seen.getAsInt()).isEqualTo(1);

        try (var beat = Heartbeat.start(registry, "me", seen, Duration.ofHours(1), Duration.ofMinutes(1))) {
            assertThat(registry.isAlive("me")).isTrue();
            assertThat(seen.getAsInt()).isEqualTo(3);
        }
    }

    @Test
    void a_count_of_nothing_still_counts_this_instance() {
        var seen = new LiveInstances();
        seen.saw(0);
        assertThat(seen.getAsInt()).isEqualTo(1);
    }
}
