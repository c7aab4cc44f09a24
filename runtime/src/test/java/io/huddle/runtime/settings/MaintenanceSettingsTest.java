package io.huddle.runtime.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintenanceSettingsTest {

    private static MaintenanceSettings read(Map<String, String> env) {
        return MaintenanceSettings.from(new Env(env));
    }

    @Test
    void nothing_set_means_the_documented_defaults() {
        assertThat(read(Map.of()))
                .isEqualTo(MaintenanceSettings.defaults())
                .isEqualTo(new MaintenanceSettings(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(1),
                        500,
                        Duration.ofSeconds(30)));
    }

    @Test
    void every_setting_is_read() {
        var settings = read(Map.of(
                "HUDDLE_WORKER_INTERVAL", "3s",
                "HUDDLE_WORKER_GHOST_INTERVAL", "1500ms",
                "HUDDLE_WORKER_RETENTION_INTERVAL", "10m",
                "HUDDLE_WORKER_BATCH_SIZE", "1000",
                "HUDDLE_WORKER_CLAIM_LEASE", "2m"));

        assertThat(settings)
                .isEqualTo(new MaintenanceSettings(
                        Duration.ofSeconds(3),
                        Duration.ofMillis(1500),
                        Duration.ofMinutes(10),
                        1000,
                        Duration.ofMinutes(2)));
    }

    @Test
    void a_ghost_interval_that_could_miss_the_thirty_second_promise_is_refused() {
        assertThatThrownBy(() -> read(Map.of("HUDDLE_WORKER_GHOST_INTERVAL", "20s")))
                .isInstanceOf(SettingException.class)
                .hasMessage("HUDDLE_WORKER_GHOST_INTERVAL: must be from 10ms to 10s");
    }

    @Test
    void a_batch_size_out_of_range_is_refused_with_its_range() {
        assertThatThrownBy(() -> read(Map.of("HUDDLE_WORKER_BATCH_SIZE", "0")))
                .hasMessage("HUDDLE_WORKER_BATCH_SIZE: \"0\" is not a whole number from 1 to 10000");
    }

    @Test
    void an_interval_that_is_not_a_duration_is_refused() {
        assertThatThrownBy(() -> read(Map.of("HUDDLE_WORKER_INTERVAL", "often")))
                .hasMessageStartingWith("HUDDLE_WORKER_INTERVAL: \"often\" is not a duration");
    }
}
