package io.huddle.application.session;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.JoinRequest;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Anyone with the code joins a live session, unless it is full. */
public final class JoinSession {
    private final LiveSessions live;
    private final MemberStore members;
    private final SessionViews views;
    private final EventBus events;
    private final InstantSource clock;
    private final RandomGenerator random;

    public JoinSession(
            LiveSessions live,
            MemberStore members,
            SessionViews views,
            EventBus events,
            InstantSource clock,
            RandomGenerator random) {
        this.live = live;
        this.members = members;
        this.views = views;
        this.events = events;
        this.clock = clock;
        this.random = random;
    }

    public record Command(SessionCode code, Optional<String> displayName, Optional<String> role) {}

    public sealed interface Outcome {}

    public record Joined(SessionView session, Member member, MemberToken token) implements Outcome {}

    public record Invalid(List<Violation> violations) implements Outcome {}

    public record NotFound() implements Outcome {}

    public record Full() implements Outcome {}

    public Outcome handle(Command command) {
        var violations = new Violations();
        var request = JoinRequest.of(command.displayName(), command.role(), violations);
        if (request.isEmpty()) return new Invalid(violations.list());
        var session = live.find(command.code());
        if (session.isEmpty()) return new NotFound();
        var member = Member.joining(
                MemberId.generate(random),
                request.get().displayName(),
                request.get().role(),
                clock.instant());
        var token = MemberToken.generate(random);
        if (members.join(session.get(), member, token.hash()) instanceof MemberStore.Joined.Full) return new Full();
        var active = live.touch(session.get());
        var view = views.of(active);
        events.publish(new SessionEvent.MemberJoined(active.code(), member, view.headcount()));
        return new Joined(view, member, token);
    }
}
