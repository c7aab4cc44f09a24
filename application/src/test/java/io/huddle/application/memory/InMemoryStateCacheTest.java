package io.huddle.application.memory;

import io.huddle.application.contract.StateCacheContract;
import io.huddle.domain.state.StateCache;
import java.time.InstantSource;

class InMemoryStateCacheTest extends StateCacheContract {
    @Override
    protected StateCache cache(InstantSource clock) {
        return new InMemoryStateCache(clock);
    }
}
