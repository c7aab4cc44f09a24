package io.huddle.application.maintenance;

import io.huddle.application.session.EndSession;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;

/**
 * Ends live sessions in which nothing happened for the inactivity timeout, with reason
 * {@code inactivity}. The candidates come from the durable activity time; before ending one, the job
 * looks at what the durable time does not know yet: the hot copy's activity (messages and state
 * writes raise only that) and presence (a member online is activity now). A session found active has
 * its durable time raised, so it stops being a candidate, and lives on.
 */
public final class EndInactiveSessions implements MaintenanceJob {
    private final SessionStore sessions;
    private final SessionCache cache;
    private final PresenceStore presence;
    private final EndSession end;
    private final InstantSource clock;
    private final Duration timeout;
    private final Batch batch;

    public EndInactiveSessions(
            SessionStore sessions,
            SessionCache cache,
            PresenceStore presence,
            EndSession end,
            InstantSource clock,
            Duration timeout,
            Batch batch) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout " + timeout);
        this.sessions = sessions;
        this.cache = cache;
        this.presence = presence;
        this.end = end;
        this.clock = clock;
        this.timeout = timeout;
        this.batch = batch;
    }

    @Override
    public Round handle() {
        var now = clock.instant();
        var idleSince = now.minus(timeout);
        var tally = new Round.Tally();
        var claim = batch.claim(now);
        var active = new ArrayList<SessionCode>();
        for (var session : sessions.claimInactive(idleSince, claim)) {
            try {
                if (activeAfter(session, now)) {
                    tally.skipped();
                    active.add(session.code());
                } else
                    tally.handledIf(
                            end.handle(session.code(), EndReason.INACTIVITY) instanceof EndSession.Ended,
                            session.lastActivityAt().plus(timeout),
                            now);
            } catch (RuntimeException e) {
                tally.failed(session.code().value(), e);
            }
        }
        if (!active.isEmpty()) {
            // Held for the lease, the claim would keep the expiry job off a session that expires meanwhile:
            // it would end that much later than its expiresAt. (A release that fails leaves the lease to run out.)
            try {
                sessions.release(active, claim);
            } catch (RuntimeException e) {
                tally.failed("releasing the claims of active sessions", e);
            }
        }
        return tally.round();
    }

    /** Whether something happened within the timeout that the durable time missed; if so it records it. */
    private boolean activeAfter(Session session, Instant now) {
        var code = session.code();
        var hot = cache.get(code).filter(cached -> !cached.inactiveAt(now, timeout));
        if (hot.isPresent()) {
            sessions.recordActivity(code, hot.get().lastActivityAt());
            return true;
        }
        if (!presence.online(code).isEmpty()) {
            sessions.recordActivity(code, now);
            cache.touch(code, now);
            return true;
        }
        return false;
    }
}
