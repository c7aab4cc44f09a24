package io.huddle.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NewMessageTest {
    private static final String EMOJI = "😀";

    private final Violations violations = new Violations();

    private Optional<NewMessage> message(
            Optional<String> content, Optional<String> kind, Optional<String> data, Optional<String> clientMsgId) {
        return NewMessage.of(content, kind, data, clientMsgId, violations);
    }

    private Optional<NewMessage> withContent(String content) {
        return message(Optional.of(content), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private Optional<NewMessage> withKind(String kind) {
        return message(Optional.of("hi"), Optional.of(kind), Optional.empty(), Optional.empty());
    }

    private Optional<NewMessage> withData(String data) {
        return message(Optional.of("hi"), Optional.empty(), Optional.of(data), Optional.empty());
    }

    private Optional<NewMessage> withClientMsgId(String id) {
        return message(Optional.of("hi"), Optional.empty(), Optional.empty(), Optional.of(id));
    }

    private List<String> fields() {
        return violations.list().stream().map(Violation::field).toList();
    }

    @Test
    void content_alone_is_a_text_message_without_data_or_client_id() {
        assertThat(withContent("Hello"))
                .contains(new NewMessage("Hello", MessageKind.TEXT, Optional.empty(), Optional.empty()));
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void every_field_is_kept() {
        var message = message(
                Optional.of("Tempo 120"),
                Optional.of("band.tempo:v2"),
                Optional.of("{\"bpm\":120}"),
                Optional.of("c-1.x_Y"));

        assertThat(message)
                .contains(new NewMessage(
                        "Tempo 120",
                        new MessageKind("band.tempo:v2"),
                        Optional.of(new MessageData("{\"bpm\":120}")),
                        Optional.of(new ClientMsgId("c-1.x_Y"))));
    }

    @Test
    void content_is_trimmed_and_keeps_inner_new_lines_and_tabs() {
        assertThat(withContent("  line 1\n\tline 2 \n").orElseThrow().content()).isEqualTo("line 1\n\tline 2");
    }

    @Test
    void content_counts_code_points_up_to_4000() {
        assertThat(withContent(EMOJI.repeat(4000))).isPresent();
        assertThat(withContent(EMOJI.repeat(4001))).isEmpty();
        assertThat(fields()).containsExactly("content");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t", "bell \u0007", "nul \u0000 inside"})
    void empty_or_control_character_content_is_refused(String content) {
        assertThat(withContent(content)).isEmpty();
        assertThat(fields()).containsExactly("content");
    }

    @Test
    void missing_content_is_refused() {
        assertThat(message(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .isEmpty();
        assertThat(fields()).containsExactly("content");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "text", "z9_.:-", "a234567890123456789012345678901b"})
    void kinds_of_the_pattern_are_accepted(String kind) {
        assertThat(withKind(kind).orElseThrow().kind()).isEqualTo(new MessageKind(kind));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Text", "9lives", "_x", "a b", "a/b", "a2345678901234567890123456789012c", " text"})
    void kinds_off_the_pattern_are_refused(String kind) {
        assertThat(withKind(kind)).isEmpty();
        assertThat(fields()).containsExactly("kind");
    }

    @Test
    void data_may_be_16_KiB_of_utf8_and_not_one_byte_more() {
        String threeBytes = "€";
        String fits = "\"" + threeBytes.repeat((MessageData.MAX_BYTES - 2) / 3)
                + "x".repeat((MessageData.MAX_BYTES - 2) % 3) + "\"";
        assertThat(fits.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(MessageData.MAX_BYTES);

        assertThat(withData(fits)).isPresent();
        assertThat(withData(fits + " ")).isEmpty();
        assertThat(fields()).containsExactly("data");
    }

    @Test
    void blank_data_is_refused() {
        assertThat(withData(" ")).isEmpty();
        assertThat(fields()).containsExactly("data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "a/b", "ü", "x+y"})
    void client_ids_off_the_pattern_are_refused(String id) {
        assertThat(withClientMsgId(id)).isEmpty();
        assertThat(fields()).containsExactly("clientMsgId");
    }

    @Test
    void client_ids_are_1_to_64_characters() {
        assertThat(withClientMsgId("x")).isPresent();
        assertThat(withClientMsgId("A".repeat(64))).isPresent();
        assertThat(withClientMsgId("A".repeat(65))).isEmpty();
    }

    @Test
    void every_broken_field_is_listed_at_once() {
        var message =
                message(Optional.of(""), Optional.of("BAD"), Optional.of("x".repeat(20_000)), Optional.of("no spaces"));

        assertThat(message).isEmpty();
        assertThat(fields()).containsExactly("content", "kind", "data", "clientMsgId");
    }
}
