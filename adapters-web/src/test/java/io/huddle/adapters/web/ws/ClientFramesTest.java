package io.huddle.adapters.web.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.realtime.ClientRequest;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Reading client frames: every type, its fields by JSON type, and every way a frame is rejected. */
class ClientFramesTest {

    private static ClientRequest read(String text) {
        var parsed = ClientFrames.parse(text);
        assertThat(parsed).as(text).isNotInstanceOf(ClientRequest.Unreadable.class);
        return parsed;
    }

    private static ClientRequest.Unreadable rejected(String text) {
        var parsed = ClientFrames.parse(text);
        assertThat(parsed).as(text).isInstanceOf(ClientRequest.Unreadable.class);
        return (ClientRequest.Unreadable) parsed;
    }

    @Test
    void a_send_keeps_its_fields_and_data_as_serialized_json() {
        var frame = read(
                "{\"type\":\"message:send\",\"ref\":\"r\",\"content\":\"hi\",\"kind\":\"note\",\"data\":{\"b\":[1,2.50,null]},\"clientMsgId\":\"c-1\",\"extra\":1}");

        assertThat(frame)
                .isEqualTo(new ClientRequest.Send(
                        Optional.of("r"),
                        Optional.of("hi"),
                        Optional.of("note"),
                        Optional.of("{\"b\":[1,2.5,null]}"),
                        Optional.of("c-1")));
    }

    @Test
    void null_fields_are_not_given() {
        assertThat(read("{\"type\":\"message:send\",\"content\":\"x\",\"data\":null,\"kind\":null,\"ref\":null}"))
                .isEqualTo(new ClientRequest.Send(
                        Optional.empty(), Optional.of("x"), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void every_other_type_is_read() {
        assertThat(read("{\"type\":\"typing:start\"}")).isEqualTo(new ClientRequest.TypingStart(Optional.empty()));
        assertThat(read("{\"type\":\"typing:stop\",\"ref\":\"t\"}"))
                .isEqualTo(new ClientRequest.TypingStop(Optional.of("t")));
        assertThat(read("{\"type\":\"ping\"}")).isEqualTo(new ClientRequest.Ping(Optional.empty()));
        assertThat(read("{\"type\":\"leave\"}")).isEqualTo(new ClientRequest.Leave(Optional.empty()));
        assertThat(read("{\"type\":\"history:fetch\",\"before\":10,\"limit\":5}"))
                .isEqualTo(new ClientRequest.HistoryFetch(
                        Optional.empty(), OptionalLong.of(10), OptionalLong.empty(), OptionalLong.of(5)));
        assertThat(read("{\"type\":\"state:update\",\"data\":null,\"baseVersion\":3}"))
                .isEqualTo(new ClientRequest.StateUpdate(Optional.empty(), Optional.of("null"), OptionalLong.of(3)));
        assertThat(read("{\"type\":\"state:update\"}"))
                .isEqualTo(new ClientRequest.StateUpdate(Optional.empty(), Optional.empty(), OptionalLong.empty()));
    }

    @Test
    void a_number_too_large_for_a_long_is_passed_on_as_the_largest() {
        assertThat(read("{\"type\":\"history:fetch\",\"after\":123456789012345678901234567890}"))
                .isEqualTo(new ClientRequest.HistoryFetch(
                        Optional.empty(), OptionalLong.empty(), OptionalLong.of(Long.MAX_VALUE), OptionalLong.empty()));
    }

    @Test
    void malformed_json_and_non_objects_are_invalid_requests_without_ref() {
        for (var text : new String[] {
            "{",
            "",
            "[]",
            "42",
            "\"ping\"",
            "{\"type\":\"ping\"} trailing",
            "{\"type\":\"ping\",\"type\":\"leave\"}",
            "{\"type\":\"message:send\",\"content\":\"a\",\"data\":{\"k\":1,\"k\":2}}"
        }) {
            var rejected = rejected(text);
            assertThat(rejected.unknownType()).isFalse();
            assertThat(rejected.ref()).isEmpty();
            assertThat(rejected.unknownType()).isFalse();
        }
    }

    @Test
    void an_unknown_or_missing_type_is_refused_with_the_ref() {
        var unknown = rejected("{\"type\":\"dance\",\"ref\":\"d\"}");
        assertThat(unknown.unknownType()).isTrue();
        assertThat(unknown.ref()).contains("d");

        var missing = rejected("{\"ref\":\"m\"}");
        assertThat(missing.unknownType()).isFalse();
        assertThat(missing.unknownType()).isFalse();
        assertThat(missing.ref()).contains("m");
        assertThat(rejected("{\"type\":7}").unknownType()).isFalse();
    }

    @Test
    void a_ref_must_be_a_string_of_at_most_64_characters() {
        assertThat(read("{\"type\":\"ping\",\"ref\":\"" + "é".repeat(64) + "\"}"))
                .isInstanceOf(ClientRequest.Ping.class);
        assertThat(rejected("{\"type\":\"ping\",\"ref\":\"" + "r".repeat(65) + "\"}")
                        .ref())
                .isEmpty();
        assertThat(rejected("{\"type\":\"ping\",\"ref\":5}").unknownType()).isFalse();
    }

    @Test
    void fields_of_the_wrong_json_type_are_named() {
        var rejected =
                rejected("{\"type\":\"message:send\",\"content\":1,\"kind\":true,\"clientMsgId\":[],\"ref\":\"w\"}");
        assertThat(rejected.message()).contains("content", "kind", "clientMsgId");
        assertThat(rejected.ref()).contains("w");
        assertThat(rejected("{\"type\":\"history:fetch\",\"limit\":2.5}").message())
                .contains("limit");
        assertThat(rejected("{\"type\":\"state:update\",\"data\":1,\"baseVersion\":\"3\"}")
                        .message())
                .contains("baseVersion");
    }

    @Test
    void nesting_deeper_than_64_levels_is_refused() {
        var rejected = rejected("{\"type\":\"ping\",\"x\":" + "[".repeat(65) + "]".repeat(65) + "}");
        assertThat(rejected.unknownType()).isFalse();
        assertThat(rejected.ref()).isEmpty();
    }

    /** The error frame answers the frame's own ref (PROTOCOL.md section 5), wherever the deep value is. */
    @Test
    void a_frame_refused_for_its_depth_or_a_long_value_keeps_its_ref() {
        var deep = "[".repeat(66) + "]".repeat(66);
        assertThat(rejected("{\"ref\":\"before\",\"type\":\"message:send\",\"data\":" + deep + "}")
                        .ref())
                .contains("before");
        assertThat(rejected("{\"type\":\"message:send\",\"data\":{\"a\":" + deep + "},\"ref\":\"after\"}")
                        .ref())
                .contains("after");
        var longName = "n".repeat(100_000);
        assertThat(rejected("{\"type\":\"ping\",\"" + longName + "\":1,\"ref\":\"named\"}")
                        .ref())
                .contains("named");
        assertThat(rejected("{\"type\":\"ping\",\"x\":" + deep + ",\"ref\":" + "\"" + "r".repeat(65) + "\"}")
                        .ref())
                .as("a ref too long to repeat")
                .isEmpty();
    }
}
