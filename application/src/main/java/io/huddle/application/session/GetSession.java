package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.SessionCode;

/** Reads a live session, for its members and for its owner's user token. */
public final class GetSession {
    private final SessionAccess access;
    private final SessionViews views;

    public GetSession(SessionAccess access, SessionViews views) {
        this.access = access;
        this.views = views;
    }

    public record Command(Caller caller, SessionCode code) implements SessionAccess.Request {}

    public sealed interface Outcome {}

    public record Found(SessionView session) implements Outcome {}

    /** Refused: {@code HIDDEN} (unknown or not the caller's) or {@code UNAUTHENTICATED}. */
    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    public Outcome handle(Command command) {
        return access.authorize(command, Permission.VIEW_SESSION, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        return new Found(views.of(authorized.session()));
    }
}
