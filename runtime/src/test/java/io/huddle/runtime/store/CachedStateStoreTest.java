package io.huddle.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.StateStoreContract;
import io.huddle.application.contract.TestSessions;
import io.huddle.application.memory.InMemoryStateCache;
import io.huddle.application.memory.InMemoryStateStore;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.state.StateData;
import io.huddle.domain.state.StateStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The composed state store keeps the promises of every {@link StateStore}, and survives an emptied cache. */
class CachedStateStoreTest extends StateStoreContract {
    private final HotCopyRepairs repairs = new HotCopyRepairs(Duration.ofMillis(10));
    private InMemoryStateCache cache;

    @Override
    protected StateStore store(InstantSource clock) {
        cache = new InMemoryStateCache(clock);
        return new CachedStateStore(new InMemoryStateStore(clock), cache, repairs, clock);
    }

    @AfterEach
    void stop() {
        repairs.close();
    }

    @Test
    void an_emptied_cache_loses_no_state_and_versions_go_on() {
        var store = store(clock);
        var session = TestSessions.session(clock.instant());
        store.write(session, new StateData("1"), OptionalLong.empty(), new MemberId("m_a"), clock.instant());
        cache.evict(session.code());

        assertThat(store.get(session.code()).version()).isEqualTo(1);
        var second = store.write(session, new StateData("2"), OptionalLong.of(1), new MemberId("m_a"), clock.instant());

        assertThat(second).isInstanceOf(StateStore.Written.Updated.class);
        assertThat(store.get(session.code()).data()).contains(new StateData("2"));
    }
}
