package io.huddle.application.contract;

import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session cache in a test: counts the look-ups that reach it (one Redis round trip each in production), and
 * refuses them while {@link #down}, as a copy out of reach does.
 */
public final class WatchedSessionCache implements SessionCache {
    private final SessionCache inner;
    public final AtomicInteger gets = new AtomicInteger();
    public volatile boolean down;

    public WatchedSessionCache(SessionCache inner) {
        this.inner = inner;
    }

    @Override
    public void put(Session session) {
        inner.put(session);
    }

    @Override
    public Optional<Session> get(SessionCode code) {
        gets.incrementAndGet();
        if (down) throw new StoreUnavailable("redis", Duration.ofSeconds(1));
        return inner.get(code);
    }

    @Override
    public void evict(SessionCode code) {
        inner.evict(code);
    }

    @Override
    public void touch(SessionCode code, Instant at) {
        inner.touch(code, at);
    }
}
