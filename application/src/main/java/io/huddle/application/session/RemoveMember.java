package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.event.SessionEvent.Departure;
import io.huddle.domain.member.Leaving;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.SessionCode;

/**
 * A member leaves (removing itself), or the owner (or a backend, by server key) kicks a member; either way its
 * token stops working.
 */
public final class RemoveMember {
    private final SessionAccess access;
    private final MemberStore members;
    private final SessionViews views;
    private final EventBus events;

    public RemoveMember(SessionAccess access, MemberStore members, SessionViews views, EventBus events) {
        this.access = access;
        this.members = members;
        this.views = views;
        this.events = events;
    }

    /** {@code memberId} as it came in the path: an id of the wrong form is simply not found. */
    public record Command(Caller caller, SessionCode code, String memberId) implements SessionAccess.Request {}

    public sealed interface Outcome {}

    public record Removed(Departure how) implements Outcome {}

    public record MemberNotFound() implements Outcome {}

    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    public Outcome handle(Command command) {
        // A member may leave whatever its role; a user token can only be the owner's, kicking.
        var permission = command.caller() instanceof Caller.AsUser ? Permission.KICK_MEMBER : Permission.READ;
        return access.authorize(command, permission, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        var target = MemberId.parse(command.memberId()).flatMap(id -> members.find(command.code(), id));
        if (authorized.membership().isEmpty()) {
            // A backend's server key, or the owner's user token: it kicks, as the owner's member would.
            if (target.isEmpty()) return new MemberNotFound();
            return removed(command, target.get(), Departure.KICKED);
        }
        var self = authorized.member().member();
        if (target.isEmpty()) {
            return self.may(Permission.KICK_MEMBER)
                    ? new MemberNotFound()
                    : new Refused(SessionAccess.Refusal.FORBIDDEN);
        }
        boolean leaving = target.get().id().equals(self.id());
        if (!leaving && !self.may(Permission.KICK_MEMBER)) return new Refused(SessionAccess.Refusal.FORBIDDEN);
        return removed(command, target.get(), leaving ? Departure.LEFT : Departure.KICKED);
    }

    private Outcome removed(Command command, Member target, Departure how) {
        var why = how == Departure.KICKED ? Leaving.KICKED : Leaving.LEFT;
        if (!members.remove(command.code(), target.id(), why)) return new MemberNotFound();
        events.publish(new SessionEvent.MemberLeft(command.code(), target, how, views.headcount(command.code())));
        return new Removed(how);
    }
}
