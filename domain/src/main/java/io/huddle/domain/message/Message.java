package io.huddle.domain.message;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A stored message: its place {@code seq} in its session's log (1, 2, 3, …) and what its sender sent. */
public record Message(
        MessageId id,
        long seq,
        SessionCode session,
        MemberId senderId,
        String senderName,
        MessageKind kind,
        String content,
        Optional<MessageData> data,
        Optional<ClientMsgId> clientMsgId,
        Instant sentAt) {
    public Message {
        Objects.requireNonNull(id);
        Objects.requireNonNull(session);
        Objects.requireNonNull(senderId);
        Objects.requireNonNull(senderName);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(content);
        Objects.requireNonNull(data);
        Objects.requireNonNull(clientMsgId);
        Objects.requireNonNull(sentAt);
        if (seq < 1) throw new IllegalArgumentException("seq " + seq);
    }

    /** What the sender asked for, given its place in the log. */
    public static Message stored(
            MessageId id,
            long seq,
            SessionCode session,
            MemberId senderId,
            String senderName,
            NewMessage message,
            Instant sentAt) {
        return new Message(
                id,
                seq,
                session,
                senderId,
                senderName,
                message.kind(),
                message.content(),
                message.data(),
                message.clientMsgId(),
                sentAt);
    }
}
