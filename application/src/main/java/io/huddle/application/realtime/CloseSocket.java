package io.huddle.application.realtime;

import io.huddle.application.session.SessionViews;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.concurrent.Semaphore;

/**
 * A socket closed: it is unregistered, the member's {@code lastSeenAt} becomes the time it closed, and
 * the member's last socket (on any instance) takes it offline, announced with the session's new headcount.
 * A member that is gone (left, kicked, its session ended) is not written back nor announced offline: it
 * was announced gone already.
 *
 * <p>At most {@link #AT_ONCE} sockets are unregistered at a time; the others wait their turn. A storm of
 * closes (a network blip, a load balancer dropping every connection, a gateway stopping) otherwise
 * unregistered thousands at once, each taking pooled Redis and PostgreSQL connections from the sends and
 * joins of the sockets still open until the pools' waits ran out and the stores looked down. Closed
 * sockets wait on virtual threads, which cost next to nothing while they wait.
 */
public final class CloseSocket {
    /** Unregistrations in flight at once: a few of the pools' connections, never all of them. */
    public static final int AT_ONCE = 8;

    private final Semaphore turns = new Semaphore(AT_ONCE, true);
    private final MemberStore members;
    private final PresenceStore presence;
    private final SessionViews views;
    private final EventBus events;

    public CloseSocket(MemberStore members, PresenceStore presence, SessionViews views, EventBus events) {
        this.members = members;
        this.presence = presence;
        this.views = views;
        this.events = events;
    }

    /**
     * {@code closedAt}: when the socket closed. The member was last seen then: PROTOCOL.md section 6
     * counts the idle timeout from the moment it had no socket open, not from its last frame.
     */
    public record Command(SessionCode session, Member member, String socketId, Instant closedAt, boolean gone) {}

    public sealed interface Outcome {}

    /** The member has other sockets open still (on this instance or another). */
    public record StillOnline() implements Outcome {}

    /** That was the member's last socket. */
    public record WentOffline() implements Outcome {}

    /** The member is gone (left, kicked, ended): nothing is announced. */
    public record Departed() implements Outcome {}

    public Outcome handle(Command command) {
        turns.acquireUninterruptibly();
        try {
            return unregister(command);
        } finally {
            turns.release();
        }
    }

    private Outcome unregister(Command command) {
        boolean last = presence.socketClosed(command.session(), command.member().id(), command.socketId());
        if (command.gone()) return new Departed();
        members.seen(command.session(), command.member().id(), command.closedAt());
        if (!last) return new StillOnline();
        events.publish(new SessionEvent.MemberOffline(
                command.session(), command.member().seenAt(command.closedAt()), views.headcount(command.session())));
        return new WentOffline();
    }
}
