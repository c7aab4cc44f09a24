package io.huddle.application.memory;

import io.huddle.application.contract.MemberStoreContract;
import io.huddle.domain.member.MemberStore;
import java.time.InstantSource;

class InMemoryMemberStoreTest extends MemberStoreContract {
    @Override
    protected MemberStore store(InstantSource clock) {
        return new InMemoryMemberStore(clock);
    }
}
