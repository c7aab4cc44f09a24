package io.huddle.adapters.web.session;

import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The in-memory store, which a test can take down: every call then fails as a real adapter's would. */
final class FlakySessionStore implements SessionStore {
    /** What a driver's message may hold; it must never reach a client. */
    static final String DRIVER_MESSAGE = "Connection refused: postgresql://huddle:s3cret@db:5432/huddle";

    private final InMemorySessionStore store = new InMemorySessionStore();
    volatile boolean down;

    private void check() {
        if (down) throw new StoreUnavailable("postgres", Duration.ofMillis(2500), new IOException(DRIVER_MESSAGE));
    }

    @Override
    public Created create(Session session) {
        check();
        return store.create(session);
    }

    @Override
    public Optional<Session> find(SessionCode code) {
        check();
        return store.find(code);
    }

    @Override
    public SessionPage listByOwner(
            OwnerId owner, StatusFilter filter, Optional<SessionCursor> after, int limit, Instant now) {
        check();
        return store.listByOwner(owner, filter, after, limit, now);
    }

    @Override
    public SessionPage listLive(Optional<OwnerId> owner, Optional<SessionCursor> after, int limit, Instant now) {
        check();
        return store.listLive(owner, after, limit, now);
    }

    @Override
    public Ended end(SessionCode code, Ending ending) {
        check();
        return store.end(code, ending);
    }

    @Override
    public void recordActivity(SessionCode code, Instant at) {
        check();
        store.recordActivity(code, at);
    }

    // Maintenance (worker) methods of the port, added with them.

    @Override
    public java.util.List<Session> claimExpired(Claim claim) {
        check();
        return store.claimExpired(claim);
    }

    @Override
    public java.util.List<Session> claimInactive(Instant idleSince, Claim claim) {
        check();
        return store.claimInactive(idleSince, claim);
    }

    @Override
    public void release(java.util.List<SessionCode> codes, Claim claim) {
        check();
        store.release(codes, claim);
    }

    @Override
    public int purgeEnded(Instant endedBefore, Claim claim) {
        check();
        return store.purgeEnded(endedBefore, claim);
    }
}
