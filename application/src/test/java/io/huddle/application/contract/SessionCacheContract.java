package io.huddle.application.contract;

import static io.huddle.application.contract.TestSessions.freshCode;
import static io.huddle.application.contract.TestSessions.freshOwner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SessionCache} promises. Each test works with fresh sessions. */
public abstract class SessionCacheContract {
    /** The time the cache sees; tests move it with {@link #passTime}. */
    protected final TestClock clock = TestClock.startingNow();

    private SessionCache cache;

    /** The cache under test, reading the time from {@code clock}; called before each test. */
    protected abstract SessionCache cache(InstantSource clock);

    /**
     * Lets time pass for the cache. Override when the cache also expires entries by another clock
     * (a server's TTL), to make that clock agree.
     */
    protected void passTime(Duration duration) {
        clock.advance(duration);
    }

    @BeforeEach
    void open_cache() {
        cache = cache(clock);
    }

    private Session session() {
        return TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(1), 100);
    }

    @Test
    void a_put_session_is_got_back_with_every_field_intact() {
        var t = clock.instant();
        var session = new Session(
                freshCode(),
                freshOwner(),
                "Bandprobe 🥁 \"Dienstag\" \\ 7/8",
                10_000,
                t,
                t.plus(Duration.ofDays(1)).plusMillis(9),
                t.plusMillis(3),
                Optional.empty());

        cache.put(session);

        assertThat(cache.get(session.code())).contains(session);
    }

    @Test
    void an_ended_session_is_got_back_with_its_ending() {
        var session = session().ended(new Ending(clock.instant().plusMillis(5), EndReason.INACTIVITY));

        cache.put(session);

        assertThat(cache.get(session.code())).contains(session);
    }

    @Test
    void an_unknown_code_misses() {
        cache.put(session());

        assertThat(cache.get(freshCode())).isEmpty();
    }

    @Test
    void a_second_put_replaces_the_first() {
        var session = session();
        cache.put(session);
        var touched = session.withActivity(clock.instant().plusSeconds(5));

        cache.put(touched);

        assertThat(cache.get(session.code())).contains(touched);
    }

    @Test
    void an_evicted_session_misses() {
        var evicted = session();
        var kept = session();
        cache.put(evicted);
        cache.put(kept);

        cache.evict(evicted.code());

        assertThat(cache.get(evicted.code())).isEmpty();
        assertThat(cache.get(kept.code())).contains(kept);
    }

    @Test
    void evicting_an_unknown_code_does_nothing() {
        var kept = session();
        cache.put(kept);

        cache.evict(freshCode());

        assertThat(cache.get(kept.code())).contains(kept);
    }

    @Test
    void an_entry_stays_until_the_last_millisecond_before_its_session_expires() {
        var session = session();
        cache.put(session);

        passTime(Duration.between(clock.instant(), session.expiresAt()).minusMillis(1));

        assertThat(cache.get(session.code())).contains(session);
    }

    @Test
    void an_entry_expires_with_its_session() {
        var session = session();
        var longer = TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(2), 100);
        cache.put(session);
        cache.put(longer);

        passTime(Duration.between(clock.instant(), session.expiresAt()));

        assertThat(cache.get(session.code())).isEmpty();
        assertThat(cache.get(longer.code())).contains(longer);
    }

    @Test
    void a_page_of_codes_is_got_at_once_the_live_copies_only() {
        var expiring = session();
        var longer = TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(2), 100);
        var evicted = session();
        cache.put(expiring);
        cache.put(longer);
        cache.put(evicted);
        cache.evict(evicted.code());
        passTime(Duration.between(clock.instant(), expiring.expiresAt()));

        var found = cache.getAll(List.of(expiring.code(), freshCode(), longer.code(), evicted.code()));

        assertThat(found).containsExactly(entry(longer.code(), longer));
        assertThat(cache.getAll(List.of())).isEmpty();
    }

    @Test
    void touch_raises_the_cached_activity_time_and_never_lowers_it() {
        var session = session();
        cache.put(session);
        var later = session.lastActivityAt().plusSeconds(30);

        cache.touch(session.code(), later);
        cache.touch(session.code(), later.minusSeconds(10));

        assertThat(cache.get(session.code()).orElseThrow().lastActivityAt()).isEqualTo(later);
    }

    @Test
    void touch_of_an_uncached_session_caches_nothing() {
        var session = session();

        cache.touch(session.code(), session.lastActivityAt().plusSeconds(1));

        assertThat(cache.get(session.code())).isEmpty();
    }
}
