package io.huddle.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    static final String MEMBER_TOKEN = "hm_" + "Ab3_-x".repeat(7) + "Z";
    static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXNlY3JldA";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "password",
                "PASSWORD",
                "passwd",
                "dbPassword",
                "secret",
                "jwtSecret",
                "token",
                "memberToken",
                "Authorization",
                "apikey",
                "api_key",
                "x-api-key",
                "Cookie",
                "set-cookie"
            })
    void values_of_secret_named_keys_are_hidden_whatever_they_look_like(String key) {
        assertThat(Redactor.value(key, "plain-looking-value")).isEqualTo("[REDACTED]");
    }

    @Test
    void values_of_ordinary_keys_stay_readable() {
        assertThat(Redactor.value("path", "/api/sessions/K7M2QX")).isEqualTo("/api/sessions/K7M2QX");
        assertThat(Redactor.value("status", 200)).isEqualTo(200);
        assertThat(Redactor.value("correlationId", "abc-1")).isEqualTo("abc-1");
    }

    @Test
    void bearer_credentials_are_hidden() {
        assertThat(Redactor.redact("header was Bearer abc.def-ghi and more"))
                .isEqualTo("header was Bearer [REDACTED] and more");
        assertThat(Redactor.redact("bearer xyz")).doesNotContain("xyz");
        assertThat(Redactor.redact("Basic dXNlcjpwYXNz")).doesNotContain("dXNlcjpwYXNz");
    }

    @Test
    void member_tokens_are_hidden_anywhere() {
        assertThat(MEMBER_TOKEN).hasSize(46);
        assertThat(Redactor.redact("joined with " + MEMBER_TOKEN + "!")).isEqualTo("joined with hm_[REDACTED]!");
        assertThat(Redactor.redact("/api/nope/hk_" + "3dAw_-x".repeat(6) + " 404"))
                .isEqualTo("/api/nope/hk_[REDACTED] 404");
    }

    @Test
    void jwts_are_hidden_anywhere() {
        assertThat(Redactor.redact("token " + JWT + " rejected"))
                .doesNotContain(JWT)
                .doesNotContain("c2lnbmF0dXJl");
        assertThat(Redactor.redact("alg none: eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."))
                .doesNotContain("eyJzdWIiOiJ4In0");
    }

    @Test
    void json_password_pairs_are_hidden() {
        assertThat(Redactor.redact("body {\"name\":\"x\",\"password\" : \"hunter2\\\"q\",\"n\":1}"))
                .isEqualTo("body {\"name\":\"x\",\"password\" : \"[REDACTED]\",\"n\":1}");
        assertThat(Redactor.redact("{\"apiKey\":12345}")).isEqualTo("{\"apiKey\":\"[REDACTED]\"}");
        assertThat(Redactor.redact("{\"clientSecret\":\"s\"}")).doesNotContain("\"s\"");
    }

    @Test
    void key_value_password_pairs_are_hidden() {
        assertThat(Redactor.redact("login password=hunter2 user=bob")).isEqualTo("login password=[REDACTED] user=bob");
        assertThat(Redactor.redact("jdbc:postgresql://db/huddle?user=bob&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/huddle?user=bob&password=[REDACTED]&ssl=true");
        assertThat(Redactor.redact("HUDDLE_JWT_SECRET: topsecret")).doesNotContain("topsecret");
    }

    @Test
    void passwords_in_urls_are_hidden_and_the_rest_kept() {
        assertThat(Redactor.redact("connecting to postgresql://huddle:s3cr3t@db.internal:5432/huddle"))
                .isEqualTo("connecting to postgresql://huddle:[REDACTED]@db.internal:5432/huddle");
        assertThat(Redactor.redact("redis://:p4ss@cache:6379/0")).isEqualTo("redis://:[REDACTED]@cache:6379/0");
        assertThat(Redactor.redact("jdbc:postgresql://u:pw@h/db")).isEqualTo("jdbc:postgresql://u:[REDACTED]@h/db");
        assertThat(Redactor.redact("http://example.com:8080/path")).isEqualTo("http://example.com:8080/path");
    }

    @Test
    void ordinary_text_is_left_alone() {
        String text = "session K7M2QX created by user-1 with 3 members at 2026-11-21T10:30:45.123Z";
        assertThat(Redactor.redact(text)).isEqualTo(text);
    }
}
