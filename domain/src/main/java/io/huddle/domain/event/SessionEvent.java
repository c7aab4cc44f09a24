package io.huddle.domain.event;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.Message;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import java.util.Objects;

/**
 * Something that happened in one session, published to every gateway instance holding its sockets.
 * Membership and presence events carry the session's {@link Headcount} as the publisher saw it right
 * after the change, so no gateway reads the stores again to show the counts.
 */
public sealed interface SessionEvent {
    SessionCode session();

    /** A member joined (membership, not a socket). */
    record MemberJoined(SessionCode session, Member member, Headcount headcount) implements SessionEvent {
        public MemberJoined {
            Objects.requireNonNull(session);
            Objects.requireNonNull(member);
            Objects.requireNonNull(headcount);
        }
    }

    /** A member is gone, and its token with it. */
    record MemberLeft(SessionCode session, Member member, Departure how, Headcount headcount) implements SessionEvent {
        public MemberLeft {
            Objects.requireNonNull(session);
            Objects.requireNonNull(member);
            Objects.requireNonNull(how);
            Objects.requireNonNull(headcount);
        }
    }

    /** A member's first socket opened, on any gateway instance. */
    record MemberOnline(SessionCode session, Member member, Headcount headcount) implements SessionEvent {
        public MemberOnline {
            Objects.requireNonNull(session);
            Objects.requireNonNull(member);
            Objects.requireNonNull(headcount);
        }
    }

    /** A member's last socket closed, or the gateway holding it died. */
    record MemberOffline(SessionCode session, Member member, Headcount headcount) implements SessionEvent {
        public MemberOffline {
            Objects.requireNonNull(session);
            Objects.requireNonNull(member);
            Objects.requireNonNull(headcount);
        }
    }

    /** A message was stored in the session's log; every member's sockets receive it. */
    record MessagePosted(SessionCode session, Message message) implements SessionEvent {
        public MessagePosted {
            Objects.requireNonNull(session);
            Objects.requireNonNull(message);
            if (!message.session().equals(session)) throw new IllegalArgumentException("a message of another session");
        }
    }

    /** A member started or stopped typing; the other members' sockets receive it. */
    record Typing(SessionCode session, MemberId member, boolean active) implements SessionEvent {
        public Typing {
            Objects.requireNonNull(session);
            Objects.requireNonNull(member);
        }
    }

    /** The session's shared state was written; {@code state} is the new version, which every member's sockets receive. */
    record StateUpdated(SessionCode session, SharedState state) implements SessionEvent {
        public StateUpdated {
            Objects.requireNonNull(session);
            Objects.requireNonNull(state);
            if (!state.isWritten()) throw new IllegalArgumentException("an update is a written state");
        }
    }

    /** The session ended; every socket of it closes. */
    record SessionEnded(SessionCode session, EndReason reason) implements SessionEvent {
        public SessionEnded {
            Objects.requireNonNull(session);
            Objects.requireNonNull(reason);
        }
    }

    /** Why a member left: sockets close with 1000 on {@code LEFT}, 4009 on {@code KICKED}. */
    enum Departure {
        LEFT,
        KICKED,
        IDLE
    }
}
