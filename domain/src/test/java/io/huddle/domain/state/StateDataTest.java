package io.huddle.domain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StateDataTest {
    private static String stringOfBytes(int bytes) {
        // A JSON string: two quotes around bytes - 2 ASCII characters.
        return "\"" + "x".repeat(bytes - 2) + "\"";
    }

    @Test
    void any_json_value_is_data_null_included() {
        assertThat(new StateData("null").json()).isEqualTo("null");
        assertThat(new StateData("{\"tempo\":120}").json()).isEqualTo("{\"tempo\":120}");
    }

    @Test
    void exactly_256_kib_fits_and_one_byte_more_does_not() {
        assertThat(StateData.fits(stringOfBytes(StateData.MAX_BYTES))).isTrue();
        assertThat(StateData.fits(stringOfBytes(StateData.MAX_BYTES + 1))).isFalse();
        assertThatThrownBy(() -> new StateData(stringOfBytes(StateData.MAX_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void size_counts_utf8_bytes_not_characters() {
        // "é" is two bytes: half the limit in characters is the whole limit in bytes.
        String twoByteChars = "\"" + "é".repeat(StateData.MAX_BYTES / 2) + "\"";

        assertThat(StateData.fits(twoByteChars)).isFalse();
        assertThat(StateData.fits("\"" + "é".repeat(StateData.MAX_BYTES / 2 - 1) + "\""))
                .isTrue();
    }

    @Test
    void blank_text_is_not_data() {
        assertThatThrownBy(() -> new StateData(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void its_text_stays_out_of_to_string() {
        assertThat(new StateData("{\"secret\":1}").toString()).doesNotContain("secret");
    }
}
