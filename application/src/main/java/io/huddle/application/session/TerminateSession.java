package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;

/** The owner ends a session: by its owner member token or by the owner's user token. */
public final class TerminateSession {
    private final SessionAccess access;
    private final EndSession end;

    public TerminateSession(SessionAccess access, EndSession end) {
        this.access = access;
        this.end = end;
    }

    public record Command(Caller caller, SessionCode code) implements SessionAccess.Request {}

    public sealed interface Outcome {}

    public record Terminated() implements Outcome {}

    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    public Outcome handle(Command command) {
        return access.authorize(command, Permission.TERMINATE_SESSION, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        end.handle(command.code(), EndReason.OWNER);
        return new Terminated();
    }
}
