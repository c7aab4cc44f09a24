package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.Permission;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.presence.PresenceSummary;
import io.huddle.domain.session.SessionCode;
import java.util.List;

/** The members of a session with who is online, and the same as counts. */
public final class ListMembers {
    private final SessionAccess access;
    private final MemberStore members;
    private final PresenceStore presence;

    public ListMembers(SessionAccess access, MemberStore members, PresenceStore presence) {
        this.access = access;
        this.members = members;
        this.presence = presence;
    }

    public record Command(Caller caller, SessionCode code) implements SessionAccess.Request {}

    public sealed interface Outcome {}

    /** Members ordered by {@code joinedAt}, each with whether it is online. */
    public record Listed(List<MemberView> members, PresenceSummary summary) implements Outcome {}

    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    /** A member as others see it. */
    public record MemberView(Member member, boolean online) {}

    public Outcome handle(Command command) {
        return access.authorize(command, Permission.READ, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        var all = members.list(command.code());
        var online = presence.online(command.code());
        return new Listed(
                all.stream()
                        .map(m -> new MemberView(m, online.contains(m.id())))
                        .toList(),
                PresenceSummary.of(all, online));
    }
}
