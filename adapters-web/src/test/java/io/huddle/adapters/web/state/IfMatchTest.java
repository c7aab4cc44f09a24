package io.huddle.adapters.web.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.adapters.web.ErrorCode;
import io.huddle.adapters.web.ProblemException;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IfMatchTest {
    @Test
    void no_header_and_a_star_mean_no_condition() {
        assertThat(IfMatch.baseVersion(List.of())).isEmpty();
        assertThat(IfMatch.baseVersion(List.of("*"))).isEmpty();
        assertThat(IfMatch.baseVersion(List.of(" * "))).isEmpty();
    }

    @Test
    void a_strong_tag_a_weakened_tag_and_a_bare_number_are_that_version() {
        assertThat(IfMatch.baseVersion(List.of("\"3\""))).isEqualTo(OptionalLong.of(3));
        assertThat(IfMatch.baseVersion(List.of("W/\"3\""))).isEqualTo(OptionalLong.of(3));
        assertThat(IfMatch.baseVersion(List.of("3"))).isEqualTo(OptionalLong.of(3));
        assertThat(IfMatch.baseVersion(List.of(" \"0\" "))).isEqualTo(OptionalLong.of(0));
        assertThat(IfMatch.baseVersion(List.of("\"9007199254740991\""))).isEqualTo(OptionalLong.of(9007199254740991L));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "\"\"",
                "\"abc\"",
                "\"-1\"",
                "-1",
                "\"1\", \"2\"",
                "w/\"1\"",
                "W/1",
                "\"1",
                "\"9007199254740992\"",
                "\"99999999999999999\"",
                "\"1.0\""
            })
    void anything_else_is_invalid_and_names_the_header(String value) {
        assertThatThrownBy(() -> IfMatch.baseVersion(List.of(value)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.problem().errors())
                            .singleElement()
                            .satisfies(error -> assertThat(error.field()).isEqualTo("If-Match"));
                });
    }

    @Test
    void two_headers_are_invalid() {
        assertThatThrownBy(() -> IfMatch.baseVersion(List.of("\"1\"", "\"2\""))).isInstanceOf(ProblemException.class);
    }
}
