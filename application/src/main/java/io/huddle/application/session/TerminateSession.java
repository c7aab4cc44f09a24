package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;

/** The owner ends a session: by its owner member token or by the owner's user token. */
public final class TerminateSession {
    private final LiveSessions live;
    private final EndSession end;

    public TerminateSession(LiveSessions live, EndSession end) {
        this.live = live;
        this.end = end;
    }

    public record Command(Caller caller, SessionCode code) {}

    public sealed interface Outcome {}

    public record Terminated() implements Outcome {}

    public record Refused(Access access) implements Outcome {}

    public Outcome handle(Command command) {
        var session = live.find(command.code());
        if (session.isEmpty()) return new Refused(new Access.Hidden());
        var access = Access.memberOrOwner(command.caller(), session.get(), Permission.TERMINATE_SESSION);
        if (!(access instanceof Access.Allowed)) return new Refused(access);
        end.handle(command.code(), EndReason.OWNER);
        return new Terminated();
    }
}
