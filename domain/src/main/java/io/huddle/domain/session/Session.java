package io.huddle.domain.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A collaboration room. It is live from creation until it ends: at {@code expiresAt}, after
 * inactivity, or by its owner. Times come in from outside, so every rule is testable.
 */
public record Session(
        SessionCode code,
        OwnerId ownerId,
        String name,
        int maxMembers,
        Instant createdAt,
        Instant expiresAt,
        Instant lastActivityAt,
        Optional<Ending> ending) {
    public Session {
        Objects.requireNonNull(code);
        Objects.requireNonNull(ownerId);
        Objects.requireNonNull(name);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(expiresAt);
        Objects.requireNonNull(lastActivityAt);
        Objects.requireNonNull(ending);
        if (maxMembers < 1) throw new IllegalArgumentException("maxMembers " + maxMembers);
        if (!expiresAt.isAfter(createdAt)) throw new IllegalArgumentException("expires before it starts");
    }

    public static Session open(SessionCode code, OwnerId owner, SessionSpec spec, Instant now) {
        return new Session(
                code, owner, spec.name(), spec.maxMembers(), now, now.plus(spec.ttl()), now, Optional.empty());
    }

    /** Live: not ended and not past its expiry, even if the worker has not marked it yet. */
    public boolean isLiveAt(Instant now) {
        return ending.isEmpty() && now.isBefore(expiresAt);
    }

    /**
     * Why the session is over at {@code now}: its ending's reason, or {@link EndReason#EXPIRED} once past
     * {@code expiresAt} although nobody marked it yet; empty while it is live.
     */
    public Optional<EndReason> endReasonAt(Instant now) {
        if (isLiveAt(now)) return Optional.empty();
        return Optional.of(ending.map(Ending::reason).orElse(EndReason.EXPIRED));
    }

    public SessionStatus statusAt(Instant now) {
        return isLiveAt(now) ? SessionStatus.ACTIVE : SessionStatus.ENDED;
    }

    public boolean inactiveAt(Instant now, Duration timeout) {
        return !lastActivityAt.plus(timeout).isAfter(now);
    }

    public Session withActivity(Instant at) {
        return at.isAfter(lastActivityAt)
                ? new Session(code, ownerId, name, maxMembers, createdAt, expiresAt, at, ending)
                : this;
    }

    public Session ended(Ending how) {
        return new Session(code, ownerId, name, maxMembers, createdAt, expiresAt, lastActivityAt, Optional.of(how));
    }

    public boolean isOwnedBy(OwnerId user) {
        return ownerId.equals(user);
    }
}
