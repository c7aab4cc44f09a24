package io.huddle.domain.member;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/** One participant of one session. */
public record Member(MemberId id, String displayName, Role role, Instant joinedAt, Instant lastSeenAt) {
    /**
     * A roster's order (PROTOCOL.md: by {@code joinedAt}), ties broken by id. Written out rather than
     * composed from key extractors: every welcome sorts its session's roster, and in a session of a thousand
     * the composed comparator's calls were a visible share of a join.
     */
    public static final Comparator<Member> BY_JOIN = (a, b) -> {
        int byTime = a.joinedAt.compareTo(b.joinedAt);
        return byTime != 0 ? byTime : a.id.value().compareTo(b.id.value());
    };

    public Member {
        Objects.requireNonNull(id);
        Objects.requireNonNull(displayName);
        Objects.requireNonNull(role);
        Objects.requireNonNull(joinedAt);
        Objects.requireNonNull(lastSeenAt);
    }

    public static Member joining(MemberId id, String displayName, Role role, Instant now) {
        return new Member(id, displayName, role, now, now);
    }

    public boolean may(Permission permission) {
        return role.may(permission);
    }

    public Member seenAt(Instant at) {
        return at.isAfter(lastSeenAt) ? new Member(id, displayName, role, joinedAt, at) : this;
    }
}
