package io.huddle.application.state;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateStore;

/** A member (any role) reads the session's shared state; version 0 when nobody wrote it yet. */
public final class GetState {
    private final SessionAccess access;
    private final StateStore states;

    public GetState(SessionAccess access, StateStore states) {
        this.access = access;
        this.states = states;
    }

    public record Command(Caller caller, SessionCode code) implements SessionAccess.Request {}

    public sealed interface Outcome {}

    public record Found(SharedState state) implements Outcome {}

    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    public Outcome handle(Command command) {
        return access.authorize(command, Permission.READ, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        return new Found(states.get(command.code()));
    }
}
