package io.huddle.application.maintenance;

import io.huddle.application.session.EndSession;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionStore;
import java.time.InstantSource;

/**
 * Ends live sessions whose {@code expiresAt} has come ({@code expiresAt <= now}), with reason
 * {@code expired}, a claimed batch per run. A session one millisecond before its deadline is not due.
 */
public final class ExpireSessions implements MaintenanceJob {
    private final SessionStore sessions;
    private final EndSession end;
    private final InstantSource clock;
    private final Batch batch;

    public ExpireSessions(SessionStore sessions, EndSession end, InstantSource clock, Batch batch) {
        this.sessions = sessions;
        this.end = end;
        this.clock = clock;
        this.batch = batch;
    }

    @Override
    public Round handle() {
        var tally = new Round.Tally();
        var now = clock.instant();
        for (var session : sessions.claimExpired(batch.claim(now))) {
            try {
                tally.handledIf(
                        end.handle(session.code(), EndReason.EXPIRED) instanceof EndSession.Ended,
                        session.expiresAt(),
                        now);
            } catch (RuntimeException e) {
                tally.failed(session.code().value(), e);
            }
        }
        return tally.round();
    }
}
