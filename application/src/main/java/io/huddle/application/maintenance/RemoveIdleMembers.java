package io.huddle.application.maintenance;

import io.huddle.application.session.SessionViews;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Leaving;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Removes members who have had no socket open for the member idle timeout (PROTOCOL.md section 6),
 * whatever their role, the owner's included: the member is gone, its token revoked, and
 * {@code MemberLeft} with {@code IDLE} is published (a {@code presence} event {@code left}). "Last
 * seen" is {@code lastSeenAt}, which starts at {@code joinedAt} and is raised while a socket is open
 * and when it closes; a candidate found online after all is marked seen now and stays. One run walks
 * the candidates, the members the store last saw before the cutoff (found by an index, so members seen
 * since cost nothing), until the walk is done or a batch is removed; the next run goes on where it stopped.
 */
public final class RemoveIdleMembers implements MaintenanceJob {
    private final MemberStore members;
    private final PresenceStore presence;
    private final EventBus events;
    private final InstantSource clock;
    private final Duration timeout;
    private final int batchSize;
    /** Where the walk over the members goes on; empty: start a new walk. */
    private Optional<String> cursor = Optional.empty();

    public RemoveIdleMembers(
            MemberStore members,
            PresenceStore presence,
            EventBus events,
            InstantSource clock,
            Duration timeout,
            int batchSize) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout " + timeout);
        if (batchSize < 1) throw new IllegalArgumentException("batch size " + batchSize);
        this.members = members;
        this.presence = presence;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
        this.batchSize = batchSize;
    }

    @Override
    public synchronized Round handle() {
        var now = clock.instant();
        var cutoff = now.minus(timeout);
        var tally = new Round.Tally();
        Map<SessionCode, Set<MemberId>> online = new HashMap<>();
        Map<SessionCode, Map<MemberId, Instant>> seen = new HashMap<>();
        do {
            var step = members.scanMembers(cursor, cutoff, batchSize);
            for (var candidate : step.members()) {
                var member = candidate.member();
                var session = candidate.session();
                try {
                    if (online.computeIfAbsent(session, presence::online).contains(member.id())) {
                        members.seen(session, member.id(), now);
                        tally.skipped();
                    } else if (seenAfter(seen.computeIfAbsent(session, this::lastSeen), member.id(), cutoff)) {
                        // The walk reads the durable lastSeenAt, up to ACTIVITY_GRANULARITY behind the exact one
                        // (a socket closed moments ago): the member is not idle yet.
                        tally.skipped();
                    } else if (members.remove(session, member.id(), Leaving.IDLE)) {
                        // Counted without the roster where presence can (constant in the session's size):
                        // one round may remove a whole class, one member after the other.
                        var headcount = SessionViews.headcount(members, presence, session);
                        events.publish(
                                new SessionEvent.MemberLeft(session, member, SessionEvent.Departure.IDLE, headcount));
                        tally.handled();
                        tally.late(Duration.between(member.lastSeenAt().plus(timeout), now));
                    } else {
                        tally.skipped();
                    }
                } catch (RuntimeException e) {
                    tally.failed(session.value() + "/" + member.id().value(), e);
                }
            }
            cursor = step.next();
        } while (cursor.isPresent() && tally.handledSoFar() < batchSize);
        return tally.round();
    }

    /** Every member's exact {@code lastSeenAt} in {@code session}, as the member list has it. */
    private Map<MemberId, Instant> lastSeen(SessionCode session) {
        var times = new HashMap<MemberId, Instant>();
        for (var member : members.list(session)) times.put(member.id(), member.lastSeenAt());
        return times;
    }

    private static boolean seenAfter(Map<MemberId, Instant> times, MemberId member, Instant cutoff) {
        var at = times.get(member);
        return at != null && at.isAfter(cutoff);
    }
}
