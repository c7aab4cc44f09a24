package io.huddle.domain.message;

import io.huddle.domain.text.Violations;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sender asks to send, checked against PROTOCOL.md section 4: {@code content} 1 to 4000
 * characters after trimming (new lines and tabs allowed), a {@link MessageKind}, optional
 * {@link MessageData} and an optional {@link ClientMsgId}.
 */
public record NewMessage(
        String content, MessageKind kind, Optional<MessageData> data, Optional<ClientMsgId> clientMsgId) {
    public static final int MAX_CONTENT = 4000;

    public NewMessage {
        Objects.requireNonNull(content);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(data);
        Objects.requireNonNull(clientMsgId);
    }

    /**
     * Checks every field; records each violation in {@code violations} and returns a message only
     * when there is none. {@code data} is the serialized JSON value; a JSON {@code null} is no data.
     */
    public static Optional<NewMessage> of(
            Optional<String> content,
            Optional<String> kind,
            Optional<String> data,
            Optional<String> clientMsgId,
            Violations violations) {
        var checkedContent = content.flatMap(c -> violations.text("content", c, 1, MAX_CONTENT, true));
        if (content.isEmpty()) violations.add("content", "is required");
        var checkedKind = kind.map(MessageKind::parse).orElse(Optional.of(MessageKind.TEXT));
        if (checkedKind.isEmpty()) violations.add("kind", "must match [a-z][a-z0-9_.:-]{0,31}");
        if (data.isPresent() && data.get().isBlank()) violations.add("data", "must be a JSON value");
        else if (data.isPresent() && !MessageData.fits(data.get())) {
            violations.add("data", "must be at most " + MessageData.MAX_BYTES + " bytes serialized");
        }
        var checkedClientMsgId = clientMsgId.map(ClientMsgId::parse);
        if (checkedClientMsgId.isPresent() && checkedClientMsgId.get().isEmpty()) {
            violations.add("clientMsgId", "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
        }
        if (!violations.isEmpty()) return Optional.empty();
        return Optional.of(new NewMessage(
                checkedContent.orElseThrow(),
                checkedKind.orElseThrow(),
                data.map(MessageData::new),
                checkedClientMsgId.flatMap(id -> id)));
    }
}
