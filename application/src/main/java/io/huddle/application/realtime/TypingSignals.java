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
 * Typing indicators of the members whose sockets are on this gateway. A start not renewed within the
 * timeout ends by itself, and so does the typing of a member whose socket closes. Displays cannot send,
 * so they cannot type either.
 *
 * <p>The timer lives here, on the typist's gateway; but a gateway that dies never says its typists
 * stopped. So renewals go on the bus too, at most one per {@link #relayEvery relay interval} per typist
 * (a client may renew on every keystroke), and every gateway's feed ends a typing it has heard nothing of
 * for {@link #silenceAfter}: longer than any gap between two relayed renewals, so while this gateway
 * lives its own end always comes first. Sockets still see only the start and the end: the feeds drop
 * renewals.
 */
public final class TypingSignals {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EventBus events;
    private final Scheduler scheduler;
    private final Duration timeout;
    private final Duration relayEvery;
    private final Map<Key, Typist> typing = new HashMap<>();

    private record Key(SessionCode session, MemberId member) {}

    /**
     * One member typing in one session. Guarded by itself: a typist's publishes are made under its
     * monitor so that its start, renewals and end reach the bus in the order they were decided.
     */
    private static final class Typist {
        /** Tells the current expiry timer from a cancelled one that still runs. */
        long generation;

        Scheduler.Cancellable expiry;
        /** Open while a renewal would not be relayed at once; null when the next one is. */
        Scheduler.Cancellable relay;
        /** Renewed since the last start or renewal this gateway published. */
        boolean renewed;
        /** Ended and out of the map: a start that found it must make a new one. */
        boolean ended;
    }

    public TypingSignals(EventBus events, Scheduler scheduler, Duration timeout) {
        this.events = events;
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.relayEvery = relayEvery(timeout);
    }

    /** How often a typist's renewals are relayed on the bus at most: a fifth of the timeout. */
    static Duration relayEvery(Duration timeout) {
        return timeout.dividedBy(5);
    }

    /**
     * How long a feed waits, from the last start or renewal it heard, before it ends a typing whose
     * gateway has gone silent. Relayed renewals are less than {@code timeout} apart (a renewal after a
     * quiet relay interval is relayed at once, and the one before it was under {@code timeout} earlier),
     * and the typist's own end comes {@code timeout} after its last renewal, which was relayed: two
     * relay intervals over the timeout leave that much for the bus's lag.
     */
    public static Duration silenceAfter(Duration timeout) {
        return timeout.plus(relayEvery(timeout).multipliedBy(2));
    }

    public sealed interface Outcome {}

    public record Signalled() implements Outcome {}

    public record Forbidden() implements Outcome {}

    public Outcome start(SessionCode session, Member member) {
        if (!member.may(Permission.SEND_MESSAGE)) return new Forbidden();
        var key = new Key(session, member.id());
        while (true) {
            Typist typist;
            synchronized (typing) {
                typist = typing.computeIfAbsent(key, k -> new Typist());
            }
            synchronized (typist) {
                // Ended between the lookup and here: this start begins a new typing.
                if (typist.ended) continue;
                if (typist.expiry != null) typist.expiry.cancel();
                long generation = ++typist.generation;
                var current = typist;
                typist.expiry = scheduler.schedule(timeout, () -> expire(key, current, generation));
                // A new typist, or one whose last relay interval passed quietly: this start goes out now.
                if (typist.relay == null) {
                    publishStarted(key, typist);
                } else {
                    typist.renewed = true;
                }
            }
            return new Signalled();
        }
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
        Typist typist;
        synchronized (typing) {
            typist = typing.remove(key);
        }
        if (typist == null) return;
        synchronized (typist) {
            if (typist.ended) return;
            finish(key, typist);
        }
    }

    private void expire(Key key, Typist typist, long generation) {
        synchronized (typist) {
            // A cancelled timer may still run once: only the current start's timer ends it.
            if (typist.ended || typist.generation != generation) return;
            synchronized (typing) {
                typing.remove(key, typist);
            }
            finish(key, typist);
        }
    }

    /** Under the typist's monitor, once it is out of the map. */
    private void finish(Key key, Typist typist) {
        typist.ended = true;
        typist.expiry.cancel();
        if (typist.relay != null) typist.relay.cancel();
        events.publish(new SessionEvent.Typing(key.session(), key.member(), false));
    }

    /** Under the typist's monitor: the start (or a renewal) goes out, and the next waits a relay interval. */
    private void publishStarted(Key key, Typist typist) {
        typist.renewed = false;
        typist.relay = scheduler.schedule(relayEvery, () -> relayed(key, typist));
        events.publish(new SessionEvent.Typing(key.session(), key.member(), true));
    }

    /** A relay interval passed: a renewal made during it goes out now; otherwise the next goes out at once. */
    private void relayed(Key key, Typist typist) {
        synchronized (typist) {
            if (typist.ended) return;
            if (typist.renewed) {
                publishStarted(key, typist);
            } else {
                typist.relay = null;
            }
        }
    }
}
