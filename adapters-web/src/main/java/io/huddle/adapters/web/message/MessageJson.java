package io.huddle.adapters.web.message;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.huddle.domain.message.ClientMsgId;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageData;
import java.time.Instant;

/**
 * The Message object of PROTOCOL.md section 4, field for field and in its order. {@code data} is the
 * JSON value the sender sent, written into the response as JSON (not as a string holding JSON);
 * {@code data} and {@code clientMsgId} are {@code null} when absent, {@code senderId} for a system message
 * (PROTOCOL.md section 10).
 */
public record MessageJson(
        String id,
        long seq,
        String sessionCode,
        String senderId,
        String senderName,
        String kind,
        String content,
        @JsonRawValue String data,
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
}
