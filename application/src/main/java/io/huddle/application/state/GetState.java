package io.huddle.application.state;

import io.huddle.application.auth.Caller;
import io.huddle.application.port.StateStore;
import io.huddle.application.session.Access;
import io.huddle.application.session.LiveSessions;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;

/** A member (any role) reads the session's shared state; version 0 when nobody wrote it yet. */
public final class GetState {
    private final LiveSessions live;
    private final StateStore states;

    public GetState(LiveSessions live, StateStore states) {
        this.live = live;
        this.states = states;
    }

    public record Command(Caller caller, SessionCode code) {}

    public sealed interface Outcome {}

    public record Found(SharedState state) implements Outcome {}

    public record Refused(Access access) implements Outcome {}

    public Outcome handle(Command command) {
        var session = live.find(command.code());
        if (session.isEmpty()) return new Refused(new Access.Hidden());
        var access = Access.member(command.caller(), session.get(), Permission.READ);
        if (!(access instanceof Access.Allowed)) return new Refused(access);
        return new Found(states.get(command.code()));
    }
}
