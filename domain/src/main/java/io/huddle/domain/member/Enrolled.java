package io.huddle.domain.member;

import java.util.Objects;

/** A member with the hash of its token: what a hot copy is rebuilt from. */
public record Enrolled(Member member, TokenHash token) {
    public Enrolled {
        Objects.requireNonNull(member);
        Objects.requireNonNull(token);
    }
}
