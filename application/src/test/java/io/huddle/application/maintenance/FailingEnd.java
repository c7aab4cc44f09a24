package io.huddle.application.maintenance;

import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A session store whose {@code end} fails for one code, as a broken row would; the rest is delegated. */
final class FailingEnd implements SessionStore {
    private final SessionStore delegate;
    volatile SessionCode failOn;

    FailingEnd(SessionStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public SessionPage listLive(Optional<OwnerId> owner, Optional<SessionCursor> after, int limit, Instant now) {
        return delegate.listLive(owner, after, limit, now);
    }

    @Override
    public Ended end(SessionCode code, Ending ending) {
        if (code.equals(failOn)) throw new IllegalStateException("broken row " + code.value());
        return delegate.end(code, ending);
    }

    @Override
    public Created create(Session session) {
        return delegate.create(session);
    }

    @Override
    public Optional<Session> find(SessionCode code) {
        return delegate.find(code);
    }

    @Override
    public SessionPage listByOwner(
            OwnerId owner, StatusFilter filter, Optional<SessionCursor> after, int limit, Instant now) {
        return delegate.listByOwner(owner, filter, after, limit, now);
    }

    @Override
    public void recordActivity(SessionCode code, Instant at) {
        delegate.recordActivity(code, at);
    }

    @Override
    public List<Session> claimExpired(Claim claim) {
        return delegate.claimExpired(claim);
    }

    @Override
    public List<Session> claimInactive(Instant idleSince, Claim claim) {
        return delegate.claimInactive(idleSince, claim);
    }

    @Override
    public void release(List<SessionCode> codes, Claim claim) {
        delegate.release(codes, claim);
    }

    @Override
    public int purgeEnded(Instant endedBefore, Claim claim) {
        return delegate.purgeEnded(endedBefore, claim);
    }
}
