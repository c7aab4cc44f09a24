package io.huddle.application.realtime;

import io.huddle.application.auth.Authenticate;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * An open socket's periodic check, at each heartbeat: writes the member's {@code lastSeenAt} when the
 * socket was active since the last check (so activity costs one write per heartbeat, not one per
 * frame), and finds out whether the token still works, in case the event that revoked it was lost.
 */
public final class CheckSocket {
    private final Authenticate authenticate;
    private final MemberStore members;
    private final SessionStore sessions;
    private final InstantSource clock;

    public CheckSocket(Authenticate authenticate, MemberStore members, SessionStore sessions, InstantSource clock) {
        this.authenticate = authenticate;
        this.members = members;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** {@code activeAt}: the socket's last activity, when it had any since the last check. */
    public record Command(String bearer, SessionCode session, MemberId member, Optional<Instant> activeAt) {}

    public sealed interface Outcome {}

    public record Valid() implements Outcome {}

    /** The token no longer works although the session is live: the member was removed. */
    public record Revoked() implements Outcome {}

    public record Ended(EndReason reason) implements Outcome {}

    public Outcome handle(Command command) {
        command.activeAt().ifPresent(at -> members.seen(command.session(), command.member(), at));
        boolean valid =
                authenticate.handle(Optional.of(command.bearer())) instanceof Authenticate.Authenticated(var caller)
                        && caller.memberOf(command.session())
                                .filter(m -> m.member().id().equals(command.member()))
                                .isPresent();
        if (valid) return new Valid();
        var now = clock.instant();
        return sessions.find(command.session())
                .flatMap(s -> s.endReasonAt(now))
                .<Outcome>map(Ended::new)
                .orElseGet(Revoked::new);
    }
}
