package io.huddle.application.memory;

import io.huddle.application.contract.MemberCacheContract;
import io.huddle.domain.member.MemberCache;
import java.time.InstantSource;

class InMemoryMemberCacheTest extends MemberCacheContract {
    @Override
    protected MemberCache cache(InstantSource clock) {
        return new InMemoryMemberCache(clock);
    }
}
