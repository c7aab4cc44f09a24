package io.huddle.adapters.web.session;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.huddle.adapters.web.Json;
import io.huddle.application.session.ListMembers;
import io.huddle.application.session.SessionView;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Role;
import io.huddle.domain.presence.PresenceSummary;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON objects of PROTOCOL.md section 4, field for field and in its order; instants print as the
 * shared mapper says. Public so the WebSocket frames show the same objects as the HTTP answers.
 */
public final class Wire {
    private Wire() {}

    public record SessionJson(
            String code,
            String name,
            String ownerId,
            String status,
            Instant createdAt,
            Instant expiresAt,
            Instant lastActivityAt,
            int maxMembers,
            int memberCount,
            int onlineCount) {}

    /**
     * Written field by field ({@link Writer}), not by Jackson's reflection over the record: a welcome holds
     * one per member of the session, and in a session of a thousand the per-property lookups and reflective
     * calls were about a fifth of the welcome's encoding (the escaping and the instants are the rest).
     */
    @JsonSerialize(using = MemberJson.Writer.class)
    public record MemberJson(
            String id, String displayName, String role, boolean online, Instant joinedAt, Instant lastSeenAt) {

        static final class Writer extends StdSerializer<MemberJson> {
            private static final long serialVersionUID = 1L;

            Writer() {
                super(MemberJson.class);
            }

            @Override
            public void serialize(MemberJson member, JsonGenerator out, SerializerProvider provider)
                    throws IOException {
                out.writeStartObject(member);
                out.writeStringField("id", member.id());
                out.writeStringField("displayName", member.displayName());
                out.writeStringField("role", member.role());
                out.writeBooleanField("online", member.online());
                out.writeStringField("joinedAt", Json.isoMillis(member.joinedAt()));
                out.writeStringField("lastSeenAt", Json.isoMillis(member.lastSeenAt()));
                out.writeEndObject();
            }
        }
    }

    /** A member as the one response that creates it shows it: with its token, the only time it is revealed. */
    record NewMemberJson(
            String id,
            String displayName,
            String role,
            boolean online,
            Instant joinedAt,
            Instant lastSeenAt,
            String token) {}

    /** The answer to create and join. */
    record Entered(SessionJson session, NewMemberJson member) {}

    /** {@code nextCursor} is {@code null} on the last page (the protocol shows the field always). */
    record SessionPage(List<SessionJson> sessions, String nextCursor) {}

    record MemberList(List<MemberJson> members) {}

    record Presence(int total, int online, Map<String, Integer> byRole, Map<String, Integer> onlineByRole) {}

    public static SessionJson session(SessionView view, Instant now) {
        var s = view.session();
        return new SessionJson(
                s.code().value(),
                s.name(),
                s.ownerId().value(),
                s.statusAt(now).wireName(),
                s.createdAt(),
                s.expiresAt(),
                s.lastActivityAt(),
                s.maxMembers(),
                view.memberCount(),
                view.onlineCount());
    }

    public static MemberJson member(ListMembers.MemberView view) {
        return member(view.member(), view.online());
    }

    public static MemberJson member(Member m, boolean online) {
        return new MemberJson(
                m.id().value(), m.displayName(), m.role().wireName(), online, m.joinedAt(), m.lastSeenAt());
    }

    /** A member that was just created has no socket yet, so it is offline. */
    static Entered entered(SessionView session, Member member, MemberToken token, Instant now) {
        return new Entered(
                session(session, now),
                new NewMemberJson(
                        member.id().value(),
                        member.displayName(),
                        member.role().wireName(),
                        false,
                        member.joinedAt(),
                        member.lastSeenAt(),
                        token.reveal()));
    }

    static Presence presence(PresenceSummary summary) {
        return new Presence(
                summary.total(), summary.online(), byRole(summary.byRole()), byRole(summary.onlineByRole()));
    }

    /** Every role, in the protocol's order (owner, controller, member, display), zero or not. */
    private static Map<String, Integer> byRole(Map<Role, Integer> counts) {
        Map<String, Integer> wire = new LinkedHashMap<>();
        for (Role role : Role.values()) wire.put(role.wireName(), counts.getOrDefault(role, 0));
        return wire;
    }
}
