package io.huddle.application.memory;

import io.huddle.application.port.SessionCache;
import io.huddle.application.port.SessionCacheContract;
import java.time.InstantSource;

class InMemorySessionCacheTest extends SessionCacheContract {
    @Override
    protected SessionCache cache(InstantSource clock) {
        return new InMemorySessionCache(clock);
    }
}
