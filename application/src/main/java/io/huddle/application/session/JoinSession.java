package io.huddle.application.session;

import io.huddle.application.concurrency.Meanwhile;
import io.huddle.application.concurrency.Scheduler;
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
    private static final System.Logger LOG = System.getLogger(JoinSession.class.getName());
    private final LiveSessions live;
    private final MemberStore members;
    private final SessionViews views;
    private final EventBus events;
    private final Scheduler scheduler;
    private final InstantSource clock;
    private final RandomGenerator random;

    public JoinSession(
            LiveSessions live,
            MemberStore members,
            SessionViews views,
            EventBus events,
            Scheduler scheduler,
            InstantSource clock,
            RandomGenerator random) {
        this.live = live;
        this.members = members;
        this.views = views;
        this.events = events;
        this.scheduler = scheduler;
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
        SessionView view;
        try {
            // The counts (with the new member) are read while the session's activity is recorded: two
            // round trips at once instead of one after the other.
            var counted = Meanwhile.start(scheduler.alongside(), () -> views.of(session.get()));
            var active = live.touch(session.get());
            view = new SessionView(active, counted.await().headcount());
        } catch (RuntimeException e) {
            // The caller will hear a failure and never see this token: take the member back, so no phantom
            // member counts against maxMembers. (If that fails too, the idle-member job removes it later.)
            try {
                members.remove(session.get().code(), member.id());
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        try {
            events.publish(new SessionEvent.MemberJoined(view.session().code(), member, view.headcount()));
        } catch (RuntimeException e) {
            // Joined and stored: the others see the member at their next welcome or member list.
            LOG.log(System.Logger.Level.WARNING, "announcing a joined member failed", e);
        }
        return new Joined(view, member, token);
    }
}
