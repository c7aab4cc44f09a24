package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.SessionCode;

/** Reads a live session, for its members and for its owner's user token. */
public final class GetSession {
    private final LiveSessions live;
    private final SessionViews views;

    public GetSession(LiveSessions live, SessionViews views) {
        this.live = live;
        this.views = views;
    }

    public record Command(Caller caller, SessionCode code) {}

    public sealed interface Outcome {}

    public record Found(SessionView session) implements Outcome {}

    /** A refusal: {@link Access.Hidden} (unknown or not the caller's) or {@link Access.Unauthenticated}. */
    public record Refused(Access access) implements Outcome {}

    public Outcome handle(Command command) {
        var session = live.find(command.code());
        if (session.isEmpty()) return new Refused(new Access.Hidden());
        var access = Access.memberOrOwner(command.caller(), session.get(), Permission.READ);
        return access instanceof Access.Allowed ? new Found(views.of(session.get())) : new Refused(access);
    }
}
