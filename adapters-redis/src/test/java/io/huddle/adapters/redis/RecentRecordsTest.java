package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.ClientMsgId;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageData;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentRecordsTest {
    private static final SessionCode CODE = new SessionCode("K7M2QX");
    private static final Instant EXPIRES = Instant.parse("2030-01-01T10:00:00.000Z");

    private static Message message(String name, String content, Optional<String> data, Optional<String> clientId) {
        return new Message(
                new MessageId("msg_AbC-_9"),
                42,
                CODE,
                new MemberId("m_x-Y_1"),
                name,
                new MessageKind("band.tempo:v2"),
                content,
                data.map(MessageData::new),
                clientId.map(ClientMsgId::new),
                Instant.parse("2030-01-01T09:30:45.123Z"));
    }

    @Test
    void a_message_with_separators_and_awkward_characters_everywhere_reads_back_equal() {
        var message = message(
                "Zoë | \"the\" 🎻|",
                "|a|b| 🎸 \\ \n\t% _ 1|2|3",
                Optional.of("{\"a\":\"|x|\",\"z\":[1,null]}"),
                Optional.of("c-1.x_Y"));

        var held = RecentRecords.decode(CODE, RecentRecords.encode(message, EXPIRES));

        assertThat(held).isEqualTo(new RecentRecords.Held(message, EXPIRES));
    }

    @Test
    void absent_data_and_client_id_stay_absent_and_empty_content_is_kept() {
        var message = message("A", "", Optional.empty(), Optional.empty());

        var encoded = RecentRecords.encode(message, EXPIRES);

        assertThat(RecentRecords.decode(CODE, encoded).message()).isEqualTo(message);
        assertThat(encoded).startsWith("1|" + EXPIRES.toEpochMilli() + "|42|msg_AbC-_9|m_x-Y_1|");
    }

    @Test
    void a_record_of_another_format_or_a_broken_one_is_refused() {
        var good = RecentRecords.encode(message("A", "hi", Optional.empty(), Optional.empty()), EXPIRES);

        assertThatThrownBy(() -> RecentRecords.decode(CODE, "2" + good.substring(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RecentRecords.decode(CODE, good.replace("|1|-1|", "|99|-1|")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RecentRecords.decode(CODE, "1|2|3")).isInstanceOf(IllegalStateException.class);
    }
}
