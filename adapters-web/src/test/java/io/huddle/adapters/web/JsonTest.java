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
    void instants_print_as_the_iso_formatter_prints_them_before_1970_across_leap_days_and_beyond_year_9999() {
        var formatter = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        var random = new java.util.Random(11);
        var edges = java.util.stream.Stream.of(
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z",
                "2024-02-29T23:59:59.999Z",
                "2000-03-01T00:00:00Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z",
                "-0001-06-15T12:00:00Z");
        var randoms = java.util.stream.Stream.generate(
                        () -> Instant.ofEpochMilli(random.nextLong(-80_000_000_000_000L, 300_000_000_000_000L)))
                .limit(20_000);
        java.util.stream.Stream.concat(edges.map(Instant::parse), randoms)
                .forEach(at -> assertThat(Json.isoMillis(at)).as(at.toString()).isEqualTo(formatter.format(at)));
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
