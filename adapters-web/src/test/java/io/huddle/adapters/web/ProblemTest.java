package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void codes_that_need_an_extra_cannot_be_made_without_it() {
        assertThatThrownBy(() -> Problem.of(ErrorCode.RATE_LIMITED, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Problem.of(ErrorCode.STORAGE_UNAVAILABLE, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Problem.of(ErrorCode.VERSION_CONFLICT, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extras_cannot_be_attached_to_codes_that_do_not_carry_them() {
        assertThatThrownBy(() -> new Problem(
                        ErrorCode.FORBIDDEN,
                        "x",
                        List.of(new Problem.FieldError("f", "m")),
                        Optional.empty(),
                        Optional.empty(),
                        OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Problem(
                        ErrorCode.FORBIDDEN,
                        "x",
                        List.of(),
                        Optional.of(Duration.ofSeconds(1)),
                        Optional.empty(),
                        OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Problem(
                        ErrorCode.STORAGE_UNAVAILABLE,
                        "x",
                        List.of(),
                        Optional.of(Duration.ofSeconds(1)),
                        Optional.of("api"),
                        OptionalLong.empty()))
                .as("a tier belongs to rate_limited only")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_rate_limited_body_names_its_tier() throws Exception {
        JsonNode body =
                Json.reader().readTree(Problems.body(Problem.rateLimited("join", Duration.ofSeconds(30)), "c-2"));

        assertThat(body.get("code").asText()).isEqualTo("rate_limited");
        assertThat(body.get("tier").asText()).isEqualTo("join");
        assertThat(body.get("retryAfter").asLong()).isEqualTo(30);
    }

    @Test
    void retry_after_is_rounded_up_to_whole_seconds_and_at_least_one() {
        assertThat(Problem.rateLimited("burst", Duration.ofMillis(1)).retryAfterSeconds())
                .hasValue(1);
        assertThat(Problem.rateLimited("burst", Duration.ZERO).retryAfterSeconds())
                .hasValue(1);
        assertThat(Problem.rateLimited("burst", Duration.ofMillis(2001)).retryAfterSeconds())
                .hasValue(3);
        assertThat(Problem.storageUnavailable(Duration.ofSeconds(5)).retryAfterSeconds())
                .hasValue(5);
    }

    @Test
    void the_body_has_the_protocol_fields_and_only_the_extras_of_its_code() throws Exception {
        JsonNode body = Json.reader().readTree(Problems.body(Problem.of(ErrorCode.SESSION_FULL, "Full."), "c-1"));
        assertThat(body.get("type").asText()).isEqualTo("about:blank");
        assertThat(body.get("title").asText()).isEqualTo("Session is full");
        assertThat(body.get("status").asInt()).isEqualTo(409);
        assertThat(body.get("code").asText()).isEqualTo("session_full");
        assertThat(body.get("detail").asText()).isEqualTo("Full.");
        assertThat(body.get("correlationId").asText()).isEqualTo("c-1");
        assertThat(body.has("errors")).isFalse();
        assertThat(body.has("retryAfter")).isFalse();
        assertThat(body.has("currentVersion")).isFalse();
        assertThat(body.has("tier")).isFalse();
    }

    @Test
    void every_code_has_a_distinct_wire_name_in_snake_case() {
        assertThat(List.of(ErrorCode.values()))
                .extracting(ErrorCode::code)
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z_]+"));
    }
}
