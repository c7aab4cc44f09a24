package io.huddle.application.contract;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Fresh, random sessions and members for contract tests. Codes are random and 12 long and owners
 * unique, so tests never collide, also when a store is shared between tests.
 */
public final class TestSessions {
    private static final RandomGenerator RANDOM = new SecureRandom();

    private TestSessions() {}

    public static SessionCode freshCode() {
        return SessionCode.generate(RANDOM, SessionCode.MAX_LENGTH);
    }

    public static OwnerId freshOwner() {
        return new OwnerId("user-" + UUID.randomUUID());
    }

    /** A live session created at {@code now} (truncated to milliseconds) that expires an hour later. */
    public static Session session(Instant now) {
        return session(freshOwner(), now, Duration.ofHours(1), 100);
    }

    public static Session session(OwnerId owner, Instant createdAt, Duration ttl, int maxMembers) {
        var at = createdAt.truncatedTo(ChronoUnit.MILLIS);
        return new Session(freshCode(), owner, "Session " + at, maxMembers, at, at.plus(ttl), at, Optional.empty());
    }

    public static Session withCode(Session session, SessionCode code) {
        return new Session(
                code,
                session.ownerId(),
                session.name(),
                session.maxMembers(),
                session.createdAt(),
                session.expiresAt(),
                session.lastActivityAt(),
                session.ending());
    }

    public static Member member(String displayName, Role role, Instant joinedAt) {
        return Member.joining(MemberId.generate(RANDOM), displayName, role, joinedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    public static MemberToken token() {
        return MemberToken.generate(RANDOM);
    }
}
