package io.huddle.adapters.web.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.huddle.adapters.web.Json;
import io.huddle.adapters.web.message.MessageJson;
import io.huddle.adapters.web.session.Wire;
import io.huddle.adapters.web.session.Wire.MemberJson;
import io.huddle.adapters.web.session.Wire.SessionJson;
import io.huddle.adapters.web.state.StateJson;
import io.huddle.application.realtime.ServerEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * The server frames of PROTOCOL.md section 5 as JSON, field for field and in its order: {@link #encode}
 * writes one event to the bytes of one text frame. {@code ref} is shown whenever the protocol shows it,
 * {@code null} when the client sent none. Shared events are encoded once per gateway (see
 * {@code Broadcast}).
 */
final class Frames {
    private Frames() {}

    /** The UTF-8 bytes of {@code event}'s frame, read-only; slice it for each socket it goes to. */
    static ByteBuffer encode(ServerEvent event) {
        try {
            return ByteBuffer.wrap(Json.writer().writeValueAsBytes(json(event))).asReadOnlyBuffer();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a frame that cannot be written as JSON", e);
        }
    }

    private static Object json(ServerEvent event) {
        return switch (event) {
            case ServerEvent.Welcome w ->
                new Welcome(
                        "welcome",
                        Wire.member(w.member(), true),
                        Wire.session(w.session(), w.readAt()),
                        w.members().stream().map(Wire::member).toList(),
                        StateJson.of(w.state()),
                        w.messages().stream().map(MessageJson::of).toList(),
                        w.recovered(),
                        w.lastSeq(),
                        w.heartbeatSeconds());
            case ServerEvent.MessageNew m -> new MessageNew("message:new", MessageJson.of(m.message()));
            case ServerEvent.MessageAck a ->
                new MessageAck("message:ack", a.ref().orElse(null), MessageJson.of(a.message()));
            case ServerEvent.Presence p ->
                new Presence(
                        "presence",
                        p.kind(),
                        Wire.member(p.member(), p.online()),
                        p.headcount().online(),
                        p.headcount().total());
            case ServerEvent.Typing t -> new Typing("typing", t.memberId(), t.active());
            case ServerEvent.StateUpdated s -> new StateUpdated("state:updated", StateJson.of(s.state()));
            case ServerEvent.StateAck a -> new StateAck("state:ack", a.ref().orElse(null), a.version());
            case ServerEvent.History h ->
                new History(
                        "history",
                        h.ref().orElse(null),
                        h.messages().stream().map(MessageJson::of).toList(),
                        h.hasMore());
            case ServerEvent.Pong p -> new Pong("pong", p.ref().orElse(null), p.serverTime());
            case ServerEvent.Terminated t ->
                new Terminated("session:terminated", t.reason().wireName());
            case ServerEvent.Warning w -> new Warning("session:warning", w.reason(), w.endsAt());
            case ServerEvent.Error e ->
                new Error(
                        "error",
                        e.ref().orElse(null),
                        e.kind().code(),
                        e.message(),
                        e.retryAfter().isPresent() ? e.retryAfter().getAsLong() : null,
                        e.tier().orElse(null),
                        e.currentVersion().isPresent() ? e.currentVersion().getAsLong() : null);
        };
    }

    record Welcome(
            String type,
            MemberJson member,
            SessionJson session,
            List<MemberJson> members,
            StateJson state,
            List<MessageJson> messages,
            boolean recovered,
            long lastSeq,
            long heartbeatSeconds) {}

    record MessageNew(String type, MessageJson message) {}

    record MessageAck(String type, String ref, MessageJson message) {}

    record Typing(String type, String memberId, boolean active) {}

    record StateAck(String type, String ref, long version) {}

    record StateUpdated(String type, StateJson state) {}

    record History(String type, String ref, List<MessageJson> messages, boolean hasMore) {}

    record Pong(String type, String ref, Instant serverTime) {}

    record Presence(String type, String event, MemberJson member, int online, int total) {}

    record Terminated(String type, String reason) {}

    record Warning(String type, String reason, Instant endsAt) {}

    /**
     * {@code retryAfter} only on {@code rate_limited} and {@code storage_unavailable}, {@code tier} only on
     * {@code rate_limited}, {@code currentVersion} only on {@code version_conflict}.
     */
    record Error(
            String type,
            String ref,
            String code,
            String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long retryAfter,
            @JsonInclude(JsonInclude.Include.NON_NULL) String tier,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long currentVersion) {}
}
