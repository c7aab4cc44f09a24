package io.huddle.application.memory;

import io.huddle.application.contract.StateStoreContract;
import io.huddle.domain.state.StateStore;
import java.time.InstantSource;

class InMemoryStateStoreTest extends StateStoreContract {
    @Override
    protected StateStore store(InstantSource clock) {
        return new InMemoryStateStore(clock);
    }
}
