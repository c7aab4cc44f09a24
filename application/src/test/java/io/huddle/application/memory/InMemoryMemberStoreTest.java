package io.huddle.application.memory;

import io.huddle.application.port.MemberStore;
import io.huddle.application.port.MemberStoreContract;
import java.time.InstantSource;

class InMemoryMemberStoreTest extends MemberStoreContract {
    @Override
    protected MemberStore store(InstantSource clock) {
        return new InMemoryMemberStore(clock);
    }
}
