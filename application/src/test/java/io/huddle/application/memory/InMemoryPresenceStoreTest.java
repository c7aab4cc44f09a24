package io.huddle.application.memory;

import io.huddle.application.port.PresenceStore;
import io.huddle.application.port.PresenceStoreContract;
import java.time.InstantSource;

class InMemoryPresenceStoreTest extends PresenceStoreContract {
    @Override
    protected PresenceStore store(InstantSource clock) {
        return new InMemoryPresenceStore(clock);
    }
}
