package io.huddle.adapters.web.message;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.huddle.adapters.web.Json;
import io.huddle.domain.message.ClientMsgId;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageData;
import java.io.IOException;
import java.time.Instant;

/**
 * The Message object of PROTOCOL.md section 4, field for field and in its order. {@code data} is the
 * JSON value the sender sent, written into the response as JSON (not as a string holding JSON);
 * {@code data} and {@code clientMsgId} are {@code null} when absent, {@code senderId} for a system message
 * (PROTOCOL.md section 10). Written field by field ({@link Writer}), not by Jackson's reflection over the
 * record: a welcome and a history page hold up to a thousand.
 */
@JsonSerialize(using = MessageJson.Writer.class)
public record MessageJson(
        String id,
        long seq,
        String sessionCode,
        String senderId,
        String senderName,
        String kind,
        String content,
        String data,
        String clientMsgId,
        Instant sentAt) {

    public static MessageJson of(Message message) {
        return new MessageJson(
                message.id().value(),
                message.seq(),
                message.session().value(),
                message.senderId().isSystem() ? null : message.senderId().value(),
                message.senderName(),
                message.kind().value(),
                message.content(),
                message.data().map(MessageData::json).orElse(null),
                message.clientMsgId().map(ClientMsgId::value).orElse(null),
                message.sentAt());
    }

    static final class Writer extends StdSerializer<MessageJson> {
        private static final long serialVersionUID = 1L;

        Writer() {
            super(MessageJson.class);
        }

        @Override
        public void serialize(MessageJson message, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject(message);
            out.writeStringField("id", message.id());
            out.writeNumberField("seq", message.seq());
            out.writeStringField("sessionCode", message.sessionCode());
            out.writeStringField("senderId", message.senderId());
            out.writeStringField("senderName", message.senderName());
            out.writeStringField("kind", message.kind());
            out.writeStringField("content", message.content());
            out.writeFieldName("data");
            if (message.data() == null) out.writeNull();
            else out.writeRawValue(message.data());
            out.writeStringField("clientMsgId", message.clientMsgId());
            out.writeStringField("sentAt", Json.isoMillis(message.sentAt()));
            out.writeEndObject();
        }
    }
}
