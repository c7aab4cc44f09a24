package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.huddle.adapters.web.message.MessageJson;
import io.huddle.adapters.web.session.Wire.MemberJson;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Members and messages are written field by field rather than by Jackson's reflection over their records
 * (a welcome holds hundreds of them): the bytes must be the ones the reflective writing produced, escaping
 * included, whatever the text holds.
 */
class WireWritersTest {
    /** The same mapper reading no annotations: the records written by reflection, as before. */
    private static final ObjectMapper REFLECTIVE = ((JsonMapper) Json.mapper())
            .rebuild()
            .disable(MapperFeature.USE_ANNOTATIONS)
            .build();

    private static final Instant AT = Instant.parse("2026-11-21T10:30:45.123Z");

    @Test
    void a_member_is_written_as_the_protocol_shows_it() throws Exception {
        var member = new MemberJson("m_abc", "Zoë \"Z\" <b>\\", "controller", true, AT, AT.plusMillis(1));

        assertThat(Json.writer().writeValueAsString(member))
                .isEqualTo("{\"id\":\"m_abc\",\"displayName\":\"Zoë \\\"Z\\\" <b>\\\\\",\"role\":\"controller\","
                        + "\"online\":true,\"joinedAt\":\"2026-11-21T10:30:45.123Z\","
                        + "\"lastSeenAt\":\"2026-11-21T10:30:45.124Z\"}");
    }

    @Test
    void a_message_shows_its_data_as_json_and_its_absent_fields_as_null() throws Exception {
        var withData = new MessageJson(
                "msg_1", 7, "K7M2QX", "m_abc", "Ann", "event", "moved", "{\"x\":[1,2.50,null]}", "c-1", AT);
        var system = new MessageJson("msg_2", 8, "K7M2QX", null, "System", "system", "hi", null, null, AT);

        assertThat(Json.writer().writeValueAsString(withData))
                .isEqualTo("{\"id\":\"msg_1\",\"seq\":7,\"sessionCode\":\"K7M2QX\",\"senderId\":\"m_abc\","
                        + "\"senderName\":\"Ann\",\"kind\":\"event\",\"content\":\"moved\","
                        + "\"data\":{\"x\":[1,2.50,null]},\"clientMsgId\":\"c-1\","
                        + "\"sentAt\":\"2026-11-21T10:30:45.123Z\"}");
        assertThat(Json.writer().writeValueAsString(system))
                .isEqualTo("{\"id\":\"msg_2\",\"seq\":8,\"sessionCode\":\"K7M2QX\",\"senderId\":null,"
                        + "\"senderName\":\"System\",\"kind\":\"system\",\"content\":\"hi\",\"data\":null,"
                        + "\"clientMsgId\":null,\"sentAt\":\"2026-11-21T10:30:45.123Z\"}");
    }

    @Test
    void any_text_is_written_byte_for_byte_as_reflection_wrote_it() throws Exception {
        var random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            var at = Instant.ofEpochMilli(random.nextLong(0, 300_000_000_000_000L));
            var member = new MemberJson(
                    "m_" + i, text(random), "member", random.nextBoolean(), at, at.plusMillis(random.nextInt(1000)));
            var message = new MessageJson(
                    "msg_" + i,
                    random.nextLong(1, 9_007_199_254_740_991L),
                    "K7M2QX",
                    random.nextBoolean() ? null : "m_" + i,
                    text(random),
                    "text",
                    text(random),
                    null, // shown raw: compared above, since reflection without annotations would quote it
                    random.nextBoolean() ? null : text(random),
                    at);
            for (Object written : List.of(member, message)) {
                assertThat(Json.writer().writeValueAsBytes(written))
                        .as(written.toString())
                        .isEqualTo(REFLECTIVE.writeValueAsBytes(written));
            }
        }
    }

    /** Up to 40 characters: quotes, backslashes, control characters, Latin-1, CJK and pairs outside the BMP. */
    private static String text(Random random) {
        var out = new StringBuilder();
        int length = random.nextInt(41);
        while (out.length() < length) {
            switch (random.nextInt(6)) {
                case 0 -> out.append("\"\\/".charAt(random.nextInt(3)));
                case 1 -> out.append((char) random.nextInt(0x20));
                case 2 -> out.append((char) (0x20 + random.nextInt(0x5f)));
                case 3 -> out.append((char) (0xa0 + random.nextInt(0x160)));
                case 4 -> out.append((char) (0x4e00 + random.nextInt(0x5000)));
                default -> out.appendCodePoint(0x1f300 + random.nextInt(0x300));
            }
        }
        return out.toString();
    }
}
