package io.huddle.application.realtime;

import io.huddle.application.concurrency.Scheduler;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Typing indicators of the members whose sockets are on this gateway. A start is published when a
 * member begins typing, and renewing it only pushes its end back: a start not renewed within
 * {@link #TIMEOUT} ends by itself, and so does the typing of a member whose socket closes. Displays
 * cannot send, so they cannot type either.
 */
public final class TypingSignals {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EventBus events;
    private final Scheduler scheduler;
    private final Duration timeout;
    private final Map<Key, Pending> typing = new HashMap<>();
    private long generations;

    private record Key(SessionCode session, MemberId member) {}

    /** The timer that ends one start; the generation tells a renewed start's timer from a stale one. */
    private record Pending(long generation, Scheduler.Cancellable timer) {}

    public TypingSignals(EventBus events, Scheduler scheduler, Duration timeout) {
        this.events = events;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    public sealed interface Outcome {}

    public record Signalled() implements Outcome {}

    public record Forbidden() implements Outcome {}

    public Outcome start(SessionCode session, Member member) {
        if (!member.may(Permission.SEND_MESSAGE)) return new Forbidden();
        var key = new Key(session, member.id());
        boolean began;
        synchronized (typing) {
            long generation = ++generations;
            var previous = typing.put(
                    key, new Pending(generation, scheduler.schedule(timeout, () -> expire(key, generation))));
            began = previous == null;
            if (previous != null) previous.timer().cancel();
        }
        if (began) events.publish(new SessionEvent.Typing(session, member.id(), true));
        return new Signalled();
    }

    public Outcome stop(SessionCode session, Member member) {
        if (!member.may(Permission.SEND_MESSAGE)) return new Forbidden();
        end(new Key(session, member.id()));
        return new Signalled();
    }

    /** The member's socket closed: if it was typing, it stops. */
    public void gone(SessionCode session, MemberId member) {
        end(new Key(session, member));
    }

    private void end(Key key) {
        Pending pending;
        synchronized (typing) {
            pending = typing.remove(key);
        }
        if (pending == null) return;
        pending.timer().cancel();
        events.publish(new SessionEvent.Typing(key.session(), key.member(), false));
    }

    private void expire(Key key, long generation) {
        synchronized (typing) {
            // A cancelled timer may still run once: only the current start's timer ends it.
            var current = typing.get(key);
            if (current == null || current.generation() != generation) return;
            typing.remove(key);
        }
        events.publish(new SessionEvent.Typing(key.session(), key.member(), false));
    }
}
