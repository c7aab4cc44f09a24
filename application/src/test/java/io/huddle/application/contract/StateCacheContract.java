package io.huddle.application.contract;

import static io.huddle.application.contract.TestSessions.freshCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateCache;
import io.huddle.domain.state.StateData;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StateCache} promises. */
public abstract class StateCacheContract {
    protected final TestClock clock = TestClock.startingNow();
    private StateCache cache;

    protected abstract StateCache cache(InstantSource clock);

    @BeforeEach
    void open_cache() {
        cache = cache(clock);
    }

    private Instant until() {
        return clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    }

    private SharedState version(long version, String json) {
        return SharedState.written(
                version, new StateData(json), clock.instant().truncatedTo(ChronoUnit.MILLIS), new MemberId("m_alice"));
    }

    @Test
    void a_put_state_is_got_back_intact_and_an_unknown_one_misses() {
        var code = freshCode();
        var state = version(3, "{\"a\":[1,\"|\"]}");

        cache.put(code, state, until());

        assertThat(cache.get(code)).contains(state);
        assertThat(cache.get(freshCode())).isEmpty();
    }

    @Test
    void a_state_nobody_wrote_is_cached_as_version_zero() {
        var code = freshCode();

        cache.put(code, SharedState.NEVER_WRITTEN, until());

        assertThat(cache.get(code)).contains(SharedState.NEVER_WRITTEN);
    }

    @Test
    void an_older_version_never_replaces_a_newer_one() {
        var code = freshCode();
        var newer = version(5, "5");
        cache.put(code, newer, until());

        cache.put(code, version(4, "4"), until());

        assertThat(cache.get(code)).contains(newer);
        var newest = version(6, "6");
        cache.put(code, newest, until());
        assertThat(cache.get(code)).contains(newest);
    }

    @Test
    void an_evicted_state_misses() {
        var code = freshCode();
        cache.put(code, version(1, "1"), until());

        cache.evict(code);

        assertThat(cache.get(code)).isEmpty();
    }

    @Test
    void an_entry_expires() {
        var code = freshCode();
        var until = until();
        cache.put(code, version(1, "1"), until);

        clock.advance(Duration.between(clock.instant(), until));

        assertThat(cache.get(code)).isEmpty();
    }
}
