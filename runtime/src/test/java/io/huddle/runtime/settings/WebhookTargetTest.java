package io.huddle.runtime.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookTargetTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static WebhookTarget read(Map<String, String> env) {
        return WebhookTarget.from(new Env(env)).orElseThrow();
    }

    @Test
    void no_url_and_no_secret_is_no_target() {
        assertThat(WebhookTarget.from(new Env(Map.of()))).isEmpty();
    }

    @Test
    void http_and_https_urls_with_a_secret_of_32_bytes_pass() {
        var target = read(Map.of(
                "HUDDLE_WEBHOOK_URL",
                "https://a.example/hooks, http://b.internal:8000/huddle",
                "HUDDLE_WEBHOOK_SECRET",
                SECRET));
        assertThat(target.urls())
                .containsExactly(URI.create("https://a.example/hooks"), URI.create("http://b.internal:8000/huddle"));
        assertThat(target.secret()).hasSize(32);
        assertThat(target.toString()).doesNotContain(SECRET);
    }

    @Test
    void a_url_that_is_not_http_or_holds_credentials_is_refused_naming_the_setting_without_echoing_it() {
        for (String url : new String[] {"ftp://x", "https://user:password@a.example/h", "not a url", "https:///h"}) {
            assertThatThrownBy(() -> read(Map.of("HUDDLE_WEBHOOK_URL", url, "HUDDLE_WEBHOOK_SECRET", SECRET)))
                    .as(url)
                    .isInstanceOf(SettingException.class)
                    .hasMessage("HUDDLE_WEBHOOK_URL: the value is not an http(s) URL without credentials");
        }
    }

    @Test
    void a_url_needs_a_secret_of_32_bytes_and_a_secret_needs_a_url() {
        assertThatThrownBy(() -> read(Map.of("HUDDLE_WEBHOOK_URL", "https://a.example/h")))
                .hasMessage("HUDDLE_WEBHOOK_SECRET: is required with HUDDLE_WEBHOOK_URL (at least 32 bytes)");
        assertThatThrownBy(() ->
                        read(Map.of("HUDDLE_WEBHOOK_URL", "https://a.example/h", "HUDDLE_WEBHOOK_SECRET", "short")))
                .hasMessage("HUDDLE_WEBHOOK_SECRET: must be at least 32 bytes");
        assertThatThrownBy(() -> read(Map.of("HUDDLE_WEBHOOK_SECRET", SECRET)))
                .hasMessage("HUDDLE_WEBHOOK_SECRET: is set, but HUDDLE_WEBHOOK_URL is not");
    }
}
