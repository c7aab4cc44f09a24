package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static byte[] bytes(int... values) {
        var out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
        return out;
    }

    @Test
    void text_in_every_sequence_length_is_well_formed() {
        assertThat(Utf8.isWellFormed("a é 中 😀 \uFFFD".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(Utf8.isWellFormed(bytes(0xF4, 0x8F, 0xBF, 0xBF))).isTrue(); // U+10FFFF
        assertThat(Utf8.isWellFormed(new byte[0])).isTrue();
    }

    @Test
    void overlong_forms_surrogates_out_of_range_and_truncated_sequences_are_not() {
        assertThat(Utf8.isWellFormed(bytes(0xC0, 0xAF))).as("overlong /").isFalse();
        assertThat(Utf8.isWellFormed(bytes(0xC1, 0xBF))).as("overlong DEL").isFalse();
        assertThat(Utf8.isWellFormed(bytes(0xE0, 0x80, 0xAF)))
                .as("3-byte overlong /")
                .isFalse();
        assertThat(Utf8.isWellFormed(bytes(0xF0, 0x80, 0x80, 0xAF)))
                .as("4-byte overlong /")
                .isFalse();
        assertThat(Utf8.isWellFormed(bytes(0xED, 0xA0, 0x80)))
                .as("surrogate U+D800")
                .isFalse();
        assertThat(Utf8.isWellFormed(bytes(0xF4, 0x90, 0x80, 0x80)))
                .as("past U+10FFFF")
                .isFalse();
        assertThat(Utf8.isWellFormed(bytes(0xF5, 0x80, 0x80, 0x80))).as("F5").isFalse();
        assertThat(Utf8.isWellFormed(bytes(0x80))).as("lone continuation").isFalse();
        assertThat(Utf8.isWellFormed(bytes(0xE4, 0xB8))).as("truncated").isFalse();
        assertThat(Utf8.isWellFormed(bytes(0xC3, 0x41))).as("bad continuation").isFalse();
    }
}
