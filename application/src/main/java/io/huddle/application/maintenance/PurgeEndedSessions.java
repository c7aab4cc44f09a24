package io.huddle.application.maintenance;

import io.huddle.domain.session.SessionStore;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Deletes sessions that ended longer than the retention ago, with their messages, a claimed batch per
 * run. Sessions that expired but were not ended yet are not purged: the expiry job ends them first,
 * and their retention starts then.
 */
public final class PurgeEndedSessions implements MaintenanceJob {
    private final SessionStore sessions;
    private final InstantSource clock;
    private final Duration retention;
    private final Batch batch;

    public PurgeEndedSessions(SessionStore sessions, InstantSource clock, Duration retention, Batch batch) {
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention " + retention);
        this.sessions = sessions;
        this.clock = clock;
        this.retention = retention;
        this.batch = batch;
    }

    @Override
    public Round handle() {
        var now = clock.instant();
        return Round.of(sessions.purgeEnded(now.minus(retention), batch.claim(now)));
    }
}
