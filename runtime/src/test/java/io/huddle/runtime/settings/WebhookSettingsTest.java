package io.huddle.runtime.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void no_url_is_no_webhooks() {
        assertThat(WebhookSettings.from(new Env(Map.of()))).isEmpty();
    }

    @Test
    void urls_secret_and_the_defaults_of_the_retries() {
        var settings = WebhookSettings.from(new Env(Map.of(
                        "HUDDLE_WEBHOOK_URL",
                        "https://a.example/hooks, http://b.internal:8000/huddle",
                        "HUDDLE_WEBHOOK_SECRET",
                        SECRET)))
                .orElseThrow();

        assertThat(settings.delivery().urls())
                .containsExactly(URI.create("https://a.example/hooks"), URI.create("http://b.internal:8000/huddle"));
        assertThat(settings.delivery().minBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.delivery().maxBackoff()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.delivery().maxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.toString()).doesNotContain(SECRET);
    }

    @Test
    void finished_events_are_kept_for_the_retention_an_hour_at_least() {
        var settings = WebhookSettings.from(new Env(Map.of(
                        "HUDDLE_WEBHOOK_URL", "https://a.example/hooks",
                        "HUDDLE_WEBHOOK_SECRET", SECRET,
                        "HUDDLE_WEBHOOK_RETENTION", "48h")))
                .orElseThrow();
        assertThat(settings.retention()).isEqualTo(Duration.ofHours(48));

        assertThatThrownBy(() -> WebhookSettings.from(new Env(Map.of(
                        "HUDDLE_WEBHOOK_URL", "https://a.example/hooks",
                        "HUDDLE_WEBHOOK_SECRET", SECRET,
                        "HUDDLE_WEBHOOK_RETENTION", "10m"))))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("HUDDLE_WEBHOOK_RETENTION");
    }

    @Test
    void a_bound_is_named_as_the_settings_are_written_not_as_an_iso_duration() {
        assertThatThrownBy(() -> WebhookSettings.from(new Env(Map.of(
                        "HUDDLE_WEBHOOK_URL", "https://a.example/hooks",
                        "HUDDLE_WEBHOOK_SECRET", SECRET,
                        "HUDDLE_WEBHOOK_RETENTION", "30m"))))
                .hasMessage("HUDDLE_WEBHOOK_RETENTION: must be from 1h to 365d");
        assertThatThrownBy(() -> WebhookSettings.from(new Env(Map.of(
                        "HUDDLE_WEBHOOK_URL", "https://a.example/hooks",
                        "HUDDLE_WEBHOOK_SECRET", SECRET,
                        "HUDDLE_WEBHOOK_TIMEOUT", "2m"))))
                .hasMessage("HUDDLE_WEBHOOK_TIMEOUT: must be from 100ms to 1m");
        assertThatThrownBy(() -> WebhookSettings.from(new Env(Map.of(
                        "HUDDLE_WEBHOOK_URL", "https://a.example/hooks",
                        "HUDDLE_WEBHOOK_SECRET", SECRET,
                        "HUDDLE_WEBHOOK_MIN_BACKOFF", "1500ms",
                        "HUDDLE_WEBHOOK_MAX_BACKOFF", "1s"))))
                .hasMessage("HUDDLE_WEBHOOK_MAX_BACKOFF: must be from 1500ms to 24h");
    }

    @Test
    void a_bad_setting_stops_start_up_in_one_line_without_the_secret() {
        assertThatThrownBy(() -> WebhookSettings.from(new Env(Map.of("HUDDLE_WEBHOOK_URL", "https://a.example/h"))))
                .hasMessageStartingWith("HUDDLE_WEBHOOK_SECRET: is required");
        assertThatThrownBy(() -> WebhookSettings.from(
                        new Env(Map.of("HUDDLE_WEBHOOK_URL", "https://a.example/h", "HUDDLE_WEBHOOK_SECRET", "short"))))
                .hasMessageStartingWith("HUDDLE_WEBHOOK_SECRET: must be at least 32 bytes")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> WebhookSettings.from(new Env(
                        Map.of("HUDDLE_WEBHOOK_URL", "ftp://user:pw@a.example/h", "HUDDLE_WEBHOOK_SECRET", SECRET))))
                .hasMessageStartingWith("HUDDLE_WEBHOOK_URL: ")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> WebhookSettings.from(new Env(Map.of("HUDDLE_WEBHOOK_SECRET", SECRET))))
                .hasMessageStartingWith("HUDDLE_WEBHOOK_SECRET: is set, but HUDDLE_WEBHOOK_URL is not");
        assertThatThrownBy(() -> WebhookSettings.from(new Env(Map.of(
                        "HUDDLE_WEBHOOK_URL", "https://a.example/h",
                        "HUDDLE_WEBHOOK_SECRET", SECRET,
                        "HUDDLE_WEBHOOK_MAX_BACKOFF", "1ms"))))
                .hasMessageStartingWith("HUDDLE_WEBHOOK_MAX_BACKOFF: ");
    }
}
