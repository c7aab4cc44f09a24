package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.application.port.EventBus;
import io.huddle.application.port.MemberStore;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.event.SessionEvent.Departure;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.SessionCode;

/** A member leaves (removing itself), or the owner kicks a member; either way its token stops working. */
public final class RemoveMember {
    private final LiveSessions live;
    private final MemberStore members;
    private final EventBus events;

    public RemoveMember(LiveSessions live, MemberStore members, EventBus events) {
        this.live = live;
        this.members = members;
        this.events = events;
    }

    /** {@code memberId} as it came in the path: an id of the wrong form is simply not found. */
    public record Command(Caller caller, SessionCode code, String memberId) {}

    public sealed interface Outcome {}

    public record Removed(Departure how) implements Outcome {}

    public record MemberNotFound() implements Outcome {}

    public record Refused(Access access) implements Outcome {}

    public Outcome handle(Command command) {
        var session = live.find(command.code());
        if (session.isEmpty()) return new Refused(new Access.Hidden());
        var access = Access.member(command.caller(), session.get(), Permission.READ);
        if (!(access instanceof Access.Allowed(var membership))) return new Refused(access);
        var self = membership.orElseThrow().member();
        var target = MemberId.parse(command.memberId()).flatMap(id -> members.find(command.code(), id));
        if (target.isEmpty()) {
            return self.may(Permission.KICK_MEMBER) ? new MemberNotFound() : new Refused(new Access.Forbidden());
        }
        boolean leaving = target.get().id().equals(self.id());
        if (!leaving && !self.may(Permission.KICK_MEMBER)) return new Refused(new Access.Forbidden());
        if (!members.remove(command.code(), target.get().id())) return new MemberNotFound();
        var how = leaving ? Departure.LEFT : Departure.KICKED;
        events.publish(new SessionEvent.MemberLeft(command.code(), target.get(), how));
        return new Removed(how);
    }
}
