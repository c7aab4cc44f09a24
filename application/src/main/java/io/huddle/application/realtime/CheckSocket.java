package io.huddle.application.realtime;

import io.huddle.application.auth.Authenticate;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Whether an open socket's token still works, when a use case refused it as if the session were gone or
 * the caller unknown: which of the two it is decides how the socket closes ({@code 4004} or {@code 4001}).
 */
public final class CheckSocket {
    private final Authenticate authenticate;
    private final SessionStore sessions;
    private final InstantSource clock;

    public CheckSocket(Authenticate authenticate, SessionStore sessions, InstantSource clock) {
        this.authenticate = authenticate;
        this.sessions = sessions;
        this.clock = clock;
    }

    public record Command(String bearer, SessionCode session, MemberId member) {}

    public sealed interface Outcome {}

    public record Valid() implements Outcome {}

    /** The token no longer works although the session is live: the member was removed. */
    public record Revoked() implements Outcome {}

    public record Ended(EndReason reason) implements Outcome {}

    public Outcome handle(Command command) {
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
