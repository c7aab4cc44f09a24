package io.huddle.domain.member;

import java.time.Instant;
import java.util.Objects;

/** One participant of one session. */
public record Member(MemberId id, String displayName, Role role, Instant joinedAt, Instant lastSeenAt) {
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
