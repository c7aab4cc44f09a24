package io.huddle.domain.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemberIdTest {

    @Test
    void generated_ids_parse_back() {
        var random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            var id = MemberId.generate(random);
            assertThat(MemberId.parse(id.value())).contains(id);
            assertThat(id.value()).hasSize(24);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"m_a", "m_system", "m_-_", "m_AZaz09", "m_12345678901234567890123456789012345678"})
    void m_and_one_to_38_base64url_characters_are_an_id(String raw) {
        assertThat(MemberId.parse(raw)).map(MemberId::value).contains(raw);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "m_",
                "m",
                "M_abc",
                "n_abc",
                "mxabc",
                "m_a b",
                "m_a+b",
                "m_a/b",
                "m_a=",
                "m_é",
                "m_abc\n",
                " m_abc",
                "m_123456789012345678901234567890123456789"
            })
    void anything_else_is_not(String raw) {
        assertThat(MemberId.parse(raw)).isEmpty();
        assertThatThrownBy(() -> new MemberId(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void null_is_not_an_id() {
        assertThat(MemberId.parse(null)).isEmpty();
        assertThatThrownBy(() -> new MemberId(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
