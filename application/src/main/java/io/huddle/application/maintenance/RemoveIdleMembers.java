package io.huddle.application.maintenance;

import io.huddle.application.port.EventBus;
import io.huddle.application.port.MemberStore;
import io.huddle.application.port.PresenceStore;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Removes members who have had no socket open for the member idle timeout (PROTOCOL.md section 6),
 * whatever their role, the owner's included: the member is gone, its token revoked, and
 * {@code MemberLeft} with {@code IDLE} is published (a {@code presence} event {@code left}). "Last
 * seen" is {@code lastSeenAt}, which starts at {@code joinedAt} and is raised while a socket is open;
 * a candidate found online after all is marked seen now and stays.
 */
public final class RemoveIdleMembers implements MaintenanceJob {
    private final MemberStore members;
    private final PresenceStore presence;
    private final EventBus events;
    private final InstantSource clock;
    private final Duration timeout;
    private final int batchSize;

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
    public Round handle() {
        var now = clock.instant();
        var tally = new Round.Tally();
        Map<SessionCode, Set<MemberId>> online = new HashMap<>();
        for (var due : members.seenBefore(now.minus(timeout), batchSize)) {
            var session = due.session();
            var member = due.member();
            try {
                if (online.computeIfAbsent(session, presence::online).contains(member.id())) {
                    members.seen(session, member.id(), now);
                    tally.skipped();
                } else if (members.remove(session, member.id())) {
                    events.publish(new SessionEvent.MemberLeft(session, member, SessionEvent.Departure.IDLE));
                    tally.handled();
                } else {
                    tally.skipped();
                }
            } catch (RuntimeException e) {
                tally.failed(session.value() + "/" + member.id().value(), e);
            }
        }
        return tally.round();
    }
}
