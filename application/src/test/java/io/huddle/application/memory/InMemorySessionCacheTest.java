package io.huddle.application.memory;

import io.huddle.application.contract.SessionCacheContract;
import io.huddle.domain.session.SessionCache;
import java.time.InstantSource;

class InMemorySessionCacheTest extends SessionCacheContract {
    @Override
    protected SessionCache cache(InstantSource clock) {
        return new InMemorySessionCache(clock);
    }
}
