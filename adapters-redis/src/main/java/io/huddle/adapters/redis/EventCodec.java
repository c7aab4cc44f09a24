package io.huddle.adapters.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.event.SessionEvent.Departure;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.ClientMsgId;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageData;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import java.time.Instant;
import java.util.Optional;

/**
 * Session events as they travel on pub/sub channels: one JSON object each, field by field, written
 * and read here only (every gateway runs the same code). {@code type} names the event, {@code v} the
 * encoding's version. Instants are ISO-8601 at full precision, so an event arrives equal to the one
 * published; a message's {@code data} travels as the JSON text it was stored as.
 */
final class EventCodec {
    static final int VERSION = 1;
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(8)
                            .maxStringLength(1024 * 1024)
                            .build())
                    .build())
            .build();

    private EventCodec() {}

    static String encode(SessionEvent event) {
        var node = MAPPER.createObjectNode();
        node.put("v", VERSION);
        node.put("session", event.session().value());
        switch (event) {
            case SessionEvent.MemberJoined e -> member(node.put("type", "member_joined"), e.member());
            case SessionEvent.MemberLeft e ->
                member(node.put("type", "member_left").put("how", e.how().name()), e.member());
            case SessionEvent.MemberOnline e -> member(node.put("type", "member_online"), e.member());
            case SessionEvent.MemberOffline e -> member(node.put("type", "member_offline"), e.member());
            case SessionEvent.MessagePosted e -> message(node.put("type", "message_posted"), e.message());
            case SessionEvent.Typing e ->
                node.put("type", "typing").put("member", e.member().value()).put("active", e.active());
            case SessionEvent.StateUpdated e -> {
                var state = e.state();
                node.put("type", "state_updated")
                        .putObject("state")
                        .put("version", state.version())
                        .put("data", state.data().orElseThrow().json())
                        .put("updatedAt", state.updatedAt().orElseThrow().toString())
                        .put("updatedBy", state.updatedBy().orElseThrow().value());
            }
            case SessionEvent.SessionEnded e ->
                node.put("type", "session_ended").put("reason", e.reason().name());
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event that cannot be written as JSON", e);
        }
    }

    /** Empty for text that is not an event of this encoding (a newer version, garbage); never throws. */
    static Optional<SessionEvent> decode(String text) {
        try {
            var node = MAPPER.readTree(text);
            if (node == null || node.path("v").asInt() != VERSION) return Optional.empty();
            var session = new SessionCode(text(node, "session"));
            SessionEvent event = switch (text(node, "type")) {
                case "member_joined" -> new SessionEvent.MemberJoined(session, member(node.path("member")));
                case "member_left" ->
                    new SessionEvent.MemberLeft(
                            session, member(node.path("member")), Departure.valueOf(text(node, "how")));
                case "member_online" -> new SessionEvent.MemberOnline(session, member(node.path("member")));
                case "member_offline" -> new SessionEvent.MemberOffline(session, member(node.path("member")));
                case "message_posted" ->
                    new SessionEvent.MessagePosted(session, message(session, node.path("message")));
                case "typing" ->
                    new SessionEvent.Typing(
                            session,
                            new MemberId(text(node, "member")),
                            node.path("active").asBoolean());
                case "state_updated" -> {
                    var state = node.path("state");
                    yield new SessionEvent.StateUpdated(
                            session,
                            SharedState.written(
                                    state.path("version").asLong(),
                                    new StateData(text(state, "data")),
                                    Instant.parse(text(state, "updatedAt")),
                                    new MemberId(text(state, "updatedBy"))));
                }
                case "session_ended" -> new SessionEvent.SessionEnded(session, EndReason.valueOf(text(node, "reason")));
                default -> null;
            };
            return Optional.ofNullable(event);
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void member(ObjectNode parent, Member member) {
        parent.putObject("member")
                .put("id", member.id().value())
                .put("displayName", member.displayName())
                .put("role", member.role().wireName())
                .put("joinedAt", member.joinedAt().toString())
                .put("lastSeenAt", member.lastSeenAt().toString());
    }

    private static Member member(JsonNode node) {
        return new Member(
                new MemberId(text(node, "id")),
                text(node, "displayName"),
                Role.fromWireName(text(node, "role")).orElseThrow(),
                Instant.parse(text(node, "joinedAt")),
                Instant.parse(text(node, "lastSeenAt")));
    }

    private static void message(ObjectNode parent, Message message) {
        var node = parent.putObject("message")
                .put("id", message.id().value())
                .put("seq", message.seq())
                .put("senderId", message.senderId().value())
                .put("senderName", message.senderName())
                .put("kind", message.kind().value())
                .put("content", message.content())
                .put("sentAt", message.sentAt().toString());
        message.data().ifPresent(data -> node.put("data", data.json()));
        message.clientMsgId().ifPresent(id -> node.put("clientMsgId", id.value()));
    }

    private static Message message(SessionCode session, JsonNode node) {
        return new Message(
                new MessageId(text(node, "id")),
                node.path("seq").asLong(),
                session,
                new MemberId(text(node, "senderId")),
                text(node, "senderName"),
                new MessageKind(text(node, "kind")),
                text(node, "content"),
                optionalText(node, "data").map(MessageData::new),
                optionalText(node, "clientMsgId").map(ClientMsgId::new),
                Instant.parse(text(node, "sentAt")));
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isTextual()) throw new IllegalArgumentException("no " + field);
        return value.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
