package io.huddle.application.memory;

import io.huddle.application.contract.PresenceStoreContract;
import io.huddle.domain.presence.PresenceStore;
import java.time.InstantSource;

class InMemoryPresenceStoreTest extends PresenceStoreContract {
    @Override
    protected PresenceStore store(InstantSource clock) {
        return new InMemoryPresenceStore(clock);
    }
}
