package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void instants_are_written_as_utc_with_exactly_three_fraction_digits() throws Exception {
        assertThat(Json.writer().writeValueAsString(Map.of("at", Instant.parse("2026-11-21T10:30:45.123456Z"))))
                .isEqualTo("{\"at\":\"2026-11-21T10:30:45.123Z\"}");
        assertThat(Json.writer().writeValueAsString(Instant.parse("2026-11-21T10:30:45Z")))
                .isEqualTo("\"2026-11-21T10:30:45.000Z\"");
    }

    @Test
    void over_long_numbers_are_refused_by_the_parser() {
        assertThatThrownBy(() -> Json.reader().readTree("[" + "9".repeat(101) + "]"))
                .isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void json_content_types_are_recognised_with_or_without_utf8_charset() {
        assertThat(JsonBody.isJson("application/json")).isTrue();
        assertThat(JsonBody.isJson("Application/JSON; charset=UTF-8")).isTrue();
        assertThat(JsonBody.isJson("application/json;charset=\"utf-8\"")).isTrue();
        assertThat(JsonBody.isJson("application/json; charset=latin1")).isFalse();
        assertThat(JsonBody.isJson("text/json")).isFalse();
        assertThat(JsonBody.isJson("application/jsonp")).isFalse();
        assertThat(JsonBody.isJson(null)).isFalse();
    }
}
