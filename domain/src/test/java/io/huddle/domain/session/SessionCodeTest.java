package io.huddle.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionCodeTest {

    @Test
    void parsing_ignores_case_and_surrounding_spaces() {
        assertThat(SessionCode.parse("  k7m2qx\t")).contains(new SessionCode("K7M2QX"));
        assertThat(SessionCode.parse("K7m2Qx")).contains(new SessionCode("K7M2QX"));
    }

    @Test
    void the_no_break_spaces_of_a_code_copied_from_a_web_page_are_surrounding_spaces_too() {
        for (var spaced :
                List.of("\u00A0K7M2QX\u00A0", "\u202Fk7m2qx", "K7M2QX\u2007", "\uFEFFK7M2QX", "\u3000K7M2QX")) {
            assertThat(SessionCode.parse(spaced)).as(spaced).contains(new SessionCode("K7M2QX"));
        }
        assertThat(SessionCode.parse("K7\u00A0M2QX"))
                .as("inside, a space is no symbol")
                .isEmpty();
        assertThat(SessionCode.parse("\u200BK7M2QX"))
                .as("a zero-width space is no space")
                .isEmpty();
    }

    @Test
    void codes_of_six_to_twelve_symbols_parse() {
        assertThat(SessionCode.parse("ABCDEF")).isPresent();
        assertThat(SessionCode.parse("ABCDEFGHJKMN")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ABCDE", "ABCDEFGHJKMNP", "K7M2Q0", "K7M2QO", "K7M2Q1", "K7M2QI", "K7M2QL", "k7m2ql"})
    void wrong_lengths_and_look_alike_symbols_are_refused(String raw) {
        assertThat(SessionCode.parse(raw)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                " ",
                "K7M 2QX",
                "K7M-2QX",
                "K7M2\nQX",
                "ÄBCDEF",
                "K7M2QX😀",
                "../../etc",
                "' OR 1=1 --",
                "\u0000\u0000\u0000\u0000\u0000\u0000"
            })
    void garbage_is_refused_without_throwing(String raw) {
        assertThat(SessionCode.parse(raw)).isEmpty();
    }

    @Test
    void the_constructor_refuses_what_parse_would_refuse() {
        assertThatThrownBy(() -> new SessionCode("k7m2qx")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionCode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_alphabet_has_31_symbols_and_no_look_alikes() {
        assertThat(SessionCode.ALPHABET).hasSize(31).doesNotContain("0", "O", "1", "I", "L");
    }

    @Test
    void generated_codes_use_only_the_alphabet_and_the_requested_length() {
        var random = new SplittableRandom(7);
        for (int length = SessionCode.MIN_LENGTH; length <= SessionCode.MAX_LENGTH; length++) {
            for (int i = 0; i < 200; i++) {
                var code = SessionCode.generate(random, length);
                assertThat(code.value()).hasSize(length);
                assertThat(code.value().chars()).allMatch(c -> SessionCode.ALPHABET.indexOf(c) >= 0);
                assertThat(SessionCode.parse(code.value())).contains(code);
            }
        }
    }

    @Test
    void generated_codes_reach_every_symbol_of_the_alphabet() {
        var random = new SplittableRandom(11);
        var seen = new StringBuilder();
        for (int i = 0; i < 500; i++)
            seen.append(SessionCode.generate(random, 6).value());

        assertThat(seen.chars().distinct().count()).isEqualTo(SessionCode.ALPHABET.length());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 13, -1})
    void generating_a_code_of_a_length_outside_six_to_twelve_is_refused(int length) {
        assertThatThrownBy(() -> SessionCode.generate(new SplittableRandom(1), length))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
