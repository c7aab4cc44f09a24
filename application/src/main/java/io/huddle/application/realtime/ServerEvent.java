package io.huddle.application.realtime;

import io.huddle.application.session.ListMembers.MemberView;
import io.huddle.application.session.SessionView;
import io.huddle.domain.member.Member;
import io.huddle.domain.message.Message;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.state.SharedState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A frame the server sends (PROTOCOL.md section 5), as values; the edge writes them as JSON. Events that
 * go to every socket of a session ({@link MessageNew}, {@link Presence}, {@link Typing},
 * {@link StateUpdated}, {@link Terminated}, {@link Warning}) travel as one {@link Broadcast} each, so the
 * edge writes them once for all.
 */
public sealed interface ServerEvent {

    record Welcome(
            Member member,
            SessionView session,
            List<MemberView> members,
            SharedState state,
            List<Message> messages,
            boolean recovered,
            long lastSeq,
            long heartbeatSeconds,
            Instant readAt)
            implements ServerEvent {
        public Welcome {
            members = List.copyOf(members);
            messages = List.copyOf(messages);
        }
    }

    record MessageNew(Message message) implements ServerEvent {}

    record MessageAck(Optional<String> ref, Message message) implements ServerEvent {}

    /** {@code kind}: {@code joined}, {@code left}, {@code online} or {@code offline}. */
    record Presence(String kind, Member member, boolean online, Headcount headcount) implements ServerEvent {}

    record Typing(String memberId, boolean active) implements ServerEvent {}

    record StateUpdated(SharedState state) implements ServerEvent {}

    record StateAck(Optional<String> ref, long version) implements ServerEvent {}

    record History(Optional<String> ref, List<Message> messages, boolean hasMore) implements ServerEvent {
        public History {
            messages = List.copyOf(messages);
        }
    }

    record Pong(Optional<String> ref, Instant serverTime) implements ServerEvent {}

    record Terminated(EndReason reason) implements ServerEvent {}

    /** {@code session:warning}: the session will end at {@code endsAt} unless something happens in it. */
    record Warning(String reason, Instant endsAt) implements ServerEvent {}

    /**
     * An {@code error} frame; the socket stays open. {@code retryAfter} (seconds) only with
     * {@code rate_limited} and {@code storage_unavailable}, {@code tier} only with {@code rate_limited},
     * {@code currentVersion} only with {@code version_conflict}.
     */
    record Error(
            Optional<String> ref,
            ErrorKind kind,
            String message,
            OptionalLong retryAfter,
            Optional<String> tier,
            OptionalLong currentVersion)
            implements ServerEvent {
        public Error {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(message);
        }

        public static Error of(Optional<String> ref, ErrorKind kind, String message) {
            return new Error(ref, kind, message, OptionalLong.empty(), Optional.empty(), OptionalLong.empty());
        }
    }

    /** The {@code code} of an error frame (PROTOCOL.md sections 4 and 5). */
    enum ErrorKind {
        INVALID_REQUEST("invalid_request"),
        FORBIDDEN("forbidden"),
        RATE_LIMITED("rate_limited"),
        VERSION_CONFLICT("version_conflict"),
        PAYLOAD_TOO_LARGE("payload_too_large"),
        STORAGE_UNAVAILABLE("storage_unavailable"),
        INTERNAL("internal"),
        UNKNOWN_TYPE("unknown_type");

        private final String code;

        ErrorKind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
