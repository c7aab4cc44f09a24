package io.huddle.application.realtime;

import io.huddle.application.concurrency.Scheduler;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One feed's view of who is typing, from what the bus brought. The typists' gateways relay renewals
 * (see {@link TypingSignals}), which the sockets must not see again; and a gateway that dies never sends
 * its typists' end, which the feed then makes itself once it has heard nothing of a typist for the
 * silence period. Guarded by the feed's lock: the feed calls it holding the lock, and its timers take
 * that lock before they look.
 */
final class HeardTyping {
    private final Scheduler scheduler;
    private final Duration silence;
    private final Object lock;
    private final Consumer<SessionEvent.Typing> silent;
    private final Map<MemberId, Heard> typing = new HashMap<>();
    private long generations;

    /** The timer that ends one typist's typing; the generation tells a renewed one's timer from a stale one. */
    private record Heard(long generation, Scheduler.Cancellable timer) {}

    /**
     * @param lock the feed's lock, held by every caller and taken by the timers
     * @param silent receives, under the lock, the end the feed makes for a typist gone silent
     */
    HeardTyping(Scheduler scheduler, Duration silence, Object lock, Consumer<SessionEvent.Typing> silent) {
        this.scheduler = scheduler;
        this.silence = silence;
        this.lock = lock;
        this.silent = silent;
    }

    /**
     * Whether {@code event} goes on to the sockets: a start the feed did not know of, or the end of one
     * it did. A renewal does not, nor the end of a typing the sockets here were never shown (it began
     * before this feed, its start was lost, or the feed already ended it for silence).
     */
    boolean shown(SessionEvent.Typing event) {
        var member = event.member();
        var previous = typing.remove(member);
        if (previous != null) previous.timer().cancel();
        if (!event.active()) return previous != null;
        long generation = ++generations;
        typing.put(member, new Heard(generation, scheduler.schedule(silence, () -> lapse(event, generation))));
        return previous == null;
    }

    void clear() {
        typing.values().forEach(heard -> heard.timer().cancel());
        typing.clear();
    }

    private void lapse(SessionEvent.Typing started, long generation) {
        synchronized (lock) {
            // A cancelled timer may still run once: only the latest start's timer ends the typing.
            var current = typing.get(started.member());
            if (current == null || current.generation() != generation) return;
            typing.remove(started.member());
            silent.accept(new SessionEvent.Typing(started.session(), started.member(), false));
        }
    }
}
