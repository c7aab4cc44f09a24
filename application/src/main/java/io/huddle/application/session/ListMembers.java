package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.application.port.MemberStore;
import io.huddle.application.port.PresenceStore;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.Permission;
import io.huddle.domain.presence.PresenceSummary;
import io.huddle.domain.session.SessionCode;
import java.util.List;

/** The members of a session with who is online, and the same as counts. */
public final class ListMembers {
    private final LiveSessions live;
    private final MemberStore members;
    private final PresenceStore presence;

    public ListMembers(LiveSessions live, MemberStore members, PresenceStore presence) {
        this.live = live;
        this.members = members;
        this.presence = presence;
    }

    public record Command(Caller caller, SessionCode code) {}

    public sealed interface Outcome {}

    /** Members ordered by {@code joinedAt}, each with whether it is online. */
    public record Listed(List<MemberView> members, PresenceSummary summary) implements Outcome {}

    public record Refused(Access access) implements Outcome {}

    /** A member as others see it. */
    public record MemberView(Member member, boolean online) {}

    public Outcome handle(Command command) {
        var session = live.find(command.code());
        if (session.isEmpty()) return new Refused(new Access.Hidden());
        var access = Access.member(command.caller(), session.get(), Permission.READ);
        if (!(access instanceof Access.Allowed)) return new Refused(access);
        var all = members.list(command.code());
        var online = presence.online(command.code());
        return new Listed(
                all.stream()
                        .map(m -> new MemberView(m, online.contains(m.id())))
                        .toList(),
                PresenceSummary.of(all, online));
    }
}
