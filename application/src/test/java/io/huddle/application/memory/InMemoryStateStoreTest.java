package io.huddle.application.memory;

import io.huddle.application.port.StateStore;
import io.huddle.application.port.StateStoreContract;
import java.time.InstantSource;

class InMemoryStateStoreTest extends StateStoreContract {
    @Override
    protected StateStore store(InstantSource clock) {
        return new InMemoryStateStore(clock);
    }
}
