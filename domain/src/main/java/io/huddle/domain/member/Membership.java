package io.huddle.domain.member;

import io.huddle.domain.session.SessionCode;
import java.util.Objects;

/** A member token's meaning: this member, in this session. */
public record Membership(SessionCode session, Member member) {
    public Membership {
        Objects.requireNonNull(session);
        Objects.requireNonNull(member);
    }
}
