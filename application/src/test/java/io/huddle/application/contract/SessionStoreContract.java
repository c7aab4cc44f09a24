package io.huddle.application.contract;

import static io.huddle.application.contract.TestSessions.freshCode;
import static io.huddle.application.contract.TestSessions.freshOwner;
import static io.huddle.application.contract.TestSessions.session;
import static io.huddle.application.contract.TestSessions.withCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import io.huddle.domain.session.SessionStore.Created;
import io.huddle.domain.session.SessionStore.Ended;
import io.huddle.domain.session.SessionStore.SessionCursor;
import io.huddle.domain.session.SessionStore.SessionPage;
import io.huddle.domain.session.SessionStore.StatusFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} promises. Each test uses fresh codes and owners, so an
 * implementation may hand out one shared store to all of them.
 */
public abstract class SessionStoreContract {
    /** A fixed point in time; stored sessions never expire by themselves, so no clock is needed. */
    protected final Instant t0 = TestClock.startingNow().instant();

    private SessionStore store;

    /** The store under test; called before each test. */
    protected abstract SessionStore store();

    @BeforeEach
    void open_store() {
        store = store();
    }

    private Session stored(Session session) {
        assertThat(store.create(session)).isEqualTo(new Created.Stored(session));
        return session;
    }

    private Session stored(OwnerId owner, Instant createdAt) {
        return stored(session(owner, createdAt, Duration.ofHours(1), 10));
    }

    @Test
    void created_session_is_found_with_every_field_intact() {
        var session = new Session(
                freshCode(),
                freshOwner(),
                "Mathe-Lerngruppe 🎸 \"quoted\" 'n' \\ back",
                9_999,
                t0,
                t0.plus(Duration.ofDays(1)).plusMillis(7),
                t0.plusMillis(1),
                Optional.empty());

        assertThat(store.create(session)).isEqualTo(new Created.Stored(session));
        assertThat(store.find(session.code())).contains(session);
    }

    @Test
    void unknown_code_is_not_found() {
        assertThat(store.find(freshCode())).isEmpty();
    }

    @Test
    void a_taken_code_is_refused_and_the_first_session_stays() {
        var first = stored(session(t0));
        var second = withCode(session(t0.plusSeconds(5)), first.code());

        assertThat(store.create(second)).isEqualTo(new Created.CodeTaken());
        assertThat(store.find(first.code())).contains(first);
        assertThat(store.listByOwner(second.ownerId(), StatusFilter.ALL, Optional.empty(), 10, t0)
                        .sessions())
                .isEmpty();
    }

    @Test
    void a_code_stays_taken_after_its_session_ended() {
        var first = stored(session(t0));
        store.end(first.code(), new Ending(t0.plusSeconds(1), EndReason.OWNER));

        assertThat(store.create(withCode(session(t0.plusSeconds(2)), first.code())))
                .isEqualTo(new Created.CodeTaken());
    }

    @Test
    void concurrent_creates_of_one_code_store_exactly_one() throws Exception {
        var code = freshCode();
        var outcomes = Concurrently.run(8, i -> store.create(withCode(session(t0.plusMillis(i)), code)));

        assertThat(outcomes).filteredOn(Created.Stored.class::isInstance).hasSize(1);
        var winner = ((Created.Stored) outcomes.stream()
                        .filter(Created.Stored.class::isInstance)
                        .findFirst()
                        .orElseThrow())
                .session();
        assertThat(store.find(code)).contains(winner);
    }

    @Test
    void ending_a_session_stores_when_and_why() {
        var session = stored(session(t0));
        var ending = new Ending(t0.plusSeconds(30).plusMillis(5), EndReason.INACTIVITY);

        var ended = store.end(session.code(), ending);

        assertThat(ended).isEqualTo(new Ended.Now(session.ended(ending)));
        assertThat(store.find(session.code())).contains(session.ended(ending));
    }

    @Test
    void a_second_ending_is_already_ended_and_changes_nothing() {
        var session = stored(session(t0));
        var first = new Ending(t0.plusSeconds(10), EndReason.OWNER);
        store.end(session.code(), first);

        var second = store.end(session.code(), new Ending(t0.plusSeconds(20), EndReason.EXPIRED));

        assertThat(second).isEqualTo(new Ended.AlreadyEnded(session.ended(first)));
        assertThat(store.find(session.code())).contains(session.ended(first));
    }

    @Test
    void ending_an_unknown_code_is_unknown() {
        assertThat(store.end(freshCode(), new Ending(t0, EndReason.OWNER))).isEqualTo(new Ended.Unknown());
    }

    @Test
    void concurrent_endings_end_a_session_exactly_once() throws Exception {
        var session = stored(session(t0));

        var outcomes = Concurrently.run(
                8, i -> store.end(session.code(), new Ending(t0.plusMillis(i), EndReason.values()[i % 3])));

        assertThat(outcomes).filteredOn(Ended.Now.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(Ended.AlreadyEnded.class::isInstance).hasSize(7);
        var now = (Ended.Now) outcomes.stream()
                .filter(Ended.Now.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertThat(store.find(session.code())).contains(now.session());
    }

    @Test
    void recorded_activity_raises_last_activity_at() {
        var session = stored(session(t0));
        var later = t0.plusSeconds(42).plusMillis(3);

        store.recordActivity(session.code(), later);

        assertThat(store.find(session.code())).contains(session.withActivity(later));
    }

    @Test
    void earlier_activity_never_lowers_last_activity_at() {
        var session = stored(session(t0));
        store.recordActivity(session.code(), t0.plusSeconds(60));

        store.recordActivity(session.code(), t0.plusSeconds(30));
        store.recordActivity(session.code(), t0.minusSeconds(30));

        assertThat(store.find(session.code()).orElseThrow().lastActivityAt()).isEqualTo(t0.plusSeconds(60));
    }

    @Test
    void activity_of_an_unknown_code_creates_nothing() {
        var code = freshCode();

        store.recordActivity(code, t0);

        assertThat(store.find(code)).isEmpty();
    }

    @Test
    void listing_is_newest_first_with_equal_times_ordered_by_code_descending() {
        var owner = freshOwner();
        var stored = new ArrayList<Session>();
        for (int i = 0; i < 3; i++) stored.add(stored(owner, t0.plusSeconds(i)));
        for (int i = 0; i < 3; i++) stored.add(stored(owner, t0.plusSeconds(1)));

        var page = store.listByOwner(owner, StatusFilter.ALL, Optional.empty(), 100, t0);

        assertThat(page.sessions()).containsExactlyElementsOf(newestFirst(stored));
        assertThat(page.next()).isEmpty();
    }

    @Test
    void listing_shows_only_the_owners_sessions() {
        var alice = freshOwner();
        var bob = freshOwner();
        var hers = stored(alice, t0);
        stored(bob, t0.plusSeconds(1));

        assertThat(store.listByOwner(alice, StatusFilter.ALL, Optional.empty(), 10, t0)
                        .sessions())
                .containsExactly(hers);
        assertThat(store.listByOwner(freshOwner(), StatusFilter.ALL, Optional.empty(), 10, t0))
                .isEqualTo(new SessionPage(List.of(), Optional.empty()));
    }

    @Test
    void listing_filters_by_status_as_of_now() {
        var owner = freshOwner();
        var now = t0.plus(Duration.ofHours(2));
        var live = stored(session(owner, now.minusSeconds(10), Duration.ofHours(1), 5));
        var endsOneMilliLater = stored(
                session(owner, now.minusSeconds(20), Duration.ofSeconds(20).plusMillis(1), 5));
        var expiresNow = stored(session(owner, now.minusSeconds(30), Duration.ofSeconds(30), 5));
        var expiredLongAgo = stored(session(owner, t0, Duration.ofMinutes(1), 5));
        var terminated = stored(session(owner, now.minusSeconds(40), Duration.ofHours(1), 5));
        store.end(terminated.code(), new Ending(now.minusSeconds(1), EndReason.OWNER));
        var terminatedNow = terminated.ended(new Ending(now.minusSeconds(1), EndReason.OWNER));

        assertThat(store.listByOwner(owner, StatusFilter.ACTIVE, Optional.empty(), 10, now)
                        .sessions())
                .containsExactly(live, endsOneMilliLater);
        assertThat(store.listByOwner(owner, StatusFilter.ENDED, Optional.empty(), 10, now)
                        .sessions())
                .containsExactly(expiresNow, terminatedNow, expiredLongAgo);
        assertThat(store.listByOwner(owner, StatusFilter.ALL, Optional.empty(), 10, now)
                        .sessions())
                .containsExactly(live, endsOneMilliLater, expiresNow, terminatedNow, expiredLongAgo);
    }

    @Test
    void next_cursor_points_after_the_last_session_of_the_page() {
        var owner = freshOwner();
        for (int i = 0; i < 3; i++) stored(owner, t0.plusSeconds(i));

        var page = store.listByOwner(owner, StatusFilter.ALL, Optional.empty(), 2, t0);

        var last = page.sessions().getLast();
        assertThat(page.next()).contains(new SessionCursor(last.createdAt(), last.code()));
    }

    @Test
    void paging_through_three_pages_shows_every_session_once_in_order() {
        var owner = freshOwner();
        var stored = new ArrayList<Session>();
        // Equal creation times straddle the page boundaries, so the code must break the ties.
        for (int i = 0; i < 8; i++) stored.add(stored(owner, t0.plusSeconds(i / 3)));

        var first = store.listByOwner(owner, StatusFilter.ALL, Optional.empty(), 3, t0);
        var second = store.listByOwner(owner, StatusFilter.ALL, first.next(), 3, t0);
        var third = store.listByOwner(owner, StatusFilter.ALL, second.next(), 3, t0);

        assertThat(first.sessions()).hasSize(3);
        assertThat(second.sessions()).hasSize(3);
        assertThat(third.sessions()).hasSize(2);
        assertThat(third.next()).isEmpty();
        var all = new ArrayList<Session>();
        all.addAll(first.sessions());
        all.addAll(second.sessions());
        all.addAll(third.sessions());
        assertThat(all).containsExactlyElementsOf(newestFirst(stored));
    }

    @Test
    void a_page_ending_exactly_at_the_last_session_has_no_next() {
        var owner = freshOwner();
        for (int i = 0; i < 6; i++) stored(owner, t0.plusSeconds(i));

        var first = store.listByOwner(owner, StatusFilter.ALL, Optional.empty(), 3, t0);
        var second = store.listByOwner(owner, StatusFilter.ALL, first.next(), 3, t0);

        assertThat(first.next()).isPresent();
        assertThat(second.sessions()).hasSize(3);
        assertThat(second.next()).isEmpty();
    }

    @Test
    void paging_keeps_the_status_filter() {
        var owner = freshOwner();
        var active = new ArrayList<Session>();
        for (int i = 0; i < 6; i++) {
            var session = stored(owner, t0.plusSeconds(i));
            if (i % 2 == 0) store.end(session.code(), new Ending(t0.plusSeconds(10), EndReason.OWNER));
            else active.add(session);
        }

        var first = store.listByOwner(owner, StatusFilter.ACTIVE, Optional.empty(), 2, t0.plusSeconds(20));
        var second = store.listByOwner(owner, StatusFilter.ACTIVE, first.next(), 2, t0.plusSeconds(20));

        assertThat(first.sessions())
                .containsExactlyElementsOf(newestFirst(active).subList(0, 2));
        assertThat(second.sessions())
                .containsExactlyElementsOf(newestFirst(active).subList(2, 3));
        assertThat(second.next()).isEmpty();
    }

    @Test
    void a_cursor_past_every_session_gives_an_empty_page() {
        var owner = freshOwner();
        stored(owner, t0);

        var page = store.listByOwner(
                owner,
                StatusFilter.ALL,
                Optional.of(new SessionCursor(
                        t0.minusSeconds(1), SessionCode.parse("ZZZZZZ").orElseThrow())),
                10,
                t0);

        assertThat(page).isEqualTo(new SessionPage(List.of(), Optional.empty()));
    }

    @Test
    void live_listing_shows_every_owners_live_sessions_newest_first_page_by_page() {
        // An era of its own, ten years on: every other test's session has expired by then.
        var era = t0.plus(Duration.ofDays(3650));
        var now = era.plusSeconds(10);
        var alice = freshOwner();
        var bob = freshOwner();
        var live = new ArrayList<Session>();
        for (int i = 0; i < 5; i++)
            live.add(stored(session(i % 2 == 0 ? alice : bob, era.plusSeconds(i / 2), Duration.ofHours(1), 5)));
        var ended = stored(session(alice, era.plusSeconds(3), Duration.ofHours(1), 5));
        store.end(ended.code(), new Ending(era.plusSeconds(4), EndReason.OWNER));
        stored(session(bob, era.plusSeconds(4), Duration.ofSeconds(5), 5)); // expired at era + 9 s

        var seen = new ArrayList<Session>();
        var page = store.listLive(Optional.empty(), Optional.empty(), 2, now);
        seen.addAll(page.sessions());
        while (page.next().isPresent()) {
            page = store.listLive(Optional.empty(), page.next(), 2, now);
            seen.addAll(page.sessions());
        }

        assertThat(seen).containsExactlyElementsOf(newestFirst(live));
        assertThat(store.listLive(Optional.of(alice), Optional.empty(), 100, now)
                        .sessions())
                .containsExactlyElementsOf(newestFirst(
                        live.stream().filter(s -> s.ownerId().equals(alice)).toList()));
    }

    @Test
    void a_limit_of_one_hundred_is_accepted() {
        var owner = freshOwner();
        stored(owner, t0);

        assertThat(store.listByOwner(owner, StatusFilter.ALL, Optional.empty(), 100, t0)
                        .sessions())
                .hasSize(1);
    }

    // Maintenance claims. The store may be shared by every test of the class, so each test below
    // works in an era of its own, long before the other tests' sessions (which live around t0), and
    // the tests that count exactly use the earliest eras.

    private static final Duration LEASE = Duration.ofSeconds(30);

    private static Instant era(int year) {
        return Instant.parse(year + "-06-01T12:00:00Z");
    }

    private Session storedAt(Instant createdAt, Duration ttl) {
        return stored(session(freshOwner(), createdAt, ttl, 10));
    }

    private static SessionStore.Claim claim(Instant now, int limit) {
        return new SessionStore.Claim(now, LEASE, limit);
    }

    private static List<SessionCode> codes(List<Session> sessions) {
        return sessions.stream().map(Session::code).toList();
    }

    @Test
    void claim_expired_takes_live_sessions_at_their_expiry_and_not_one_millisecond_before() {
        var start = era(1990);
        var due = storedAt(start, Duration.ofHours(1));
        var almost = storedAt(start.plusMillis(1), Duration.ofHours(1));
        var ended = storedAt(start, Duration.ofHours(1));
        store.end(ended.code(), new Ending(start.plusSeconds(5), EndReason.OWNER));

        var claimed = store.claimExpired(claim(start.plus(Duration.ofHours(1)), 1000));

        assertThat(codes(claimed)).contains(due.code()).doesNotContain(almost.code(), ended.code());
        assertThat(claimed).filteredOn(s -> s.code().equals(due.code())).containsExactly(due);
    }

    @Test
    void a_claimed_session_is_not_claimed_again_until_its_lease_runs_out() {
        var start = era(1991);
        var due = storedAt(start, Duration.ofHours(1));
        var now = start.plus(Duration.ofHours(2));

        assertThat(codes(store.claimExpired(claim(now, 1000)))).contains(due.code());
        assertThat(codes(store.claimExpired(claim(now.plus(LEASE).minusMillis(1), 1000))))
                .doesNotContain(due.code());
        assertThat(codes(store.claimExpired(claim(now.plus(LEASE), 1000)))).contains(due.code());
    }

    @Test
    void claim_expired_takes_the_earliest_expiries_first_up_to_the_limit() {
        var start = era(1980);
        var first = storedAt(start, Duration.ofHours(1));
        var second = storedAt(start, Duration.ofHours(2));
        storedAt(start, Duration.ofHours(3));

        var claimed = store.claimExpired(claim(start.plus(Duration.ofHours(3)), 2));

        assertThat(codes(claimed)).containsExactlyInAnyOrder(first.code(), second.code());
    }

    @Test
    void concurrent_claims_share_no_session_and_together_take_all() throws Exception {
        var start = era(1992);
        var due = new ArrayList<SessionCode>();
        for (int i = 0; i < 60; i++)
            due.add(storedAt(start, Duration.ofMinutes(1)).code());
        var now = start.plus(Duration.ofMinutes(1));

        var batches = Concurrently.run(4, i -> {
            var mine = new ArrayList<SessionCode>();
            List<Session> batch;
            do {
                batch = store.claimExpired(claim(now, 7));
                mine.addAll(codes(batch));
            } while (!batch.isEmpty());
            return mine;
        });

        var all = batches.stream().flatMap(List::stream).toList();
        assertThat(all).doesNotHaveDuplicates().containsAll(due);
    }

    @Test
    void activity_is_never_lost_by_more_than_the_granularity() {
        var session = stored(session(t0));
        var step = SessionStore.ACTIVITY_GRANULARITY;

        store.recordActivity(session.code(), t0.plus(step.dividedBy(3)));
        store.recordActivity(session.code(), t0.plus(step.multipliedBy(2)));

        // Exact, or coarse by less than the granularity; never ahead of the activity, never below it by more.
        var kept = store.find(session.code()).orElseThrow().lastActivityAt();
        assertThat(kept).isBetween(t0.plus(step), t0.plus(step.multipliedBy(2)));
    }

    @Test
    void claim_inactive_takes_live_unexpired_sessions_idle_since_the_cutoff() {
        var start = era(1993);
        var idle = storedAt(start, Duration.ofHours(1));
        var recent = storedAt(start, Duration.ofHours(1));
        store.recordActivity(recent.code(), start.plus(SessionStore.ACTIVITY_GRANULARITY));
        var expired = storedAt(start, Duration.ofMinutes(15));
        var ended = storedAt(start, Duration.ofHours(1));
        store.end(ended.code(), new Ending(start.plusSeconds(1), EndReason.OWNER));

        var claimed = store.claimInactive(start, claim(start.plus(Duration.ofMinutes(15)), 1000));

        assertThat(codes(claimed)).contains(idle.code()).doesNotContain(recent.code(), expired.code(), ended.code());
    }

    @Test
    void a_session_claimed_as_inactive_is_not_claimed_again_within_its_lease() {
        var start = era(1994);
        var idle = storedAt(start, Duration.ofHours(1));
        var now = start.plus(Duration.ofMinutes(15));

        assertThat(codes(store.claimInactive(start, claim(now, 1000)))).contains(idle.code());
        assertThat(codes(store.claimInactive(start, claim(now, 1000)))).doesNotContain(idle.code());
        assertThat(codes(store.claimInactive(start, claim(now.plus(LEASE), 1000))))
                .contains(idle.code());
    }

    @Test
    void a_released_claim_leaves_its_sessions_claimable_at_once_and_no_other_claim_is_released() {
        var start = era(1995);
        var idle = storedAt(start, Duration.ofHours(1));
        var now = start.plus(Duration.ofMinutes(15));
        var first = claim(now, 1000);
        assertThat(codes(store.claimInactive(start, first))).contains(idle.code());

        store.release(List.of(idle.code()), claim(now.plusSeconds(1), 1000));
        assertThat(codes(store.claimInactive(start, claim(now, 1000)))).doesNotContain(idle.code());

        store.release(List.of(idle.code()), first);
        var second = claim(now.plusSeconds(1), 1000);
        assertThat(codes(store.claimInactive(start, second))).contains(idle.code());
        store.release(List.of(idle.code()), first);
        assertThat(codes(store.claimInactive(start, claim(now.plusSeconds(2), 1000))))
                .doesNotContain(idle.code());
    }

    @Test
    void purge_deletes_sessions_ended_before_the_cutoff_and_keeps_the_rest() {
        var start = era(1981);
        var cutoff = start.plus(Duration.ofDays(30));
        var old = storedAt(start, Duration.ofHours(1));
        store.end(old.code(), new Ending(cutoff.minusMillis(1), EndReason.EXPIRED));
        var atCutoff = storedAt(start, Duration.ofHours(1));
        store.end(atCutoff.code(), new Ending(cutoff, EndReason.INACTIVITY));
        var neverEnded = storedAt(start, Duration.ofHours(1));

        assertThat(store.purgeEnded(cutoff, claim(cutoff.plus(Duration.ofDays(1)), 1000)))
                .isEqualTo(1);

        assertThat(store.find(old.code())).isEmpty();
        assertThat(store.find(atCutoff.code())).isPresent();
        assertThat(store.find(neverEnded.code())).isPresent();
        assertThat(store.listByOwner(old.ownerId(), StatusFilter.ALL, Optional.empty(), 10, cutoff)
                        .sessions())
                .isEmpty();
    }

    @Test
    void purge_takes_at_most_the_limit_per_call() {
        var start = era(1982);
        var ended = new ArrayList<SessionCode>();
        for (int i = 0; i < 3; i++) {
            var session = storedAt(start, Duration.ofHours(1));
            store.end(session.code(), new Ending(start.plusSeconds(i), EndReason.OWNER));
            ended.add(session.code());
        }
        var cutoff = start.plus(Duration.ofDays(1));
        var now = cutoff.plus(Duration.ofDays(30));

        assertThat(store.purgeEnded(cutoff, claim(now, 2))).isEqualTo(2);
        int more;
        do {
            more = store.purgeEnded(cutoff, claim(now, 2));
        } while (more > 0);

        assertThat(ended).allSatisfy(code -> assertThat(store.find(code)).isEmpty());
    }

    private static List<Session> newestFirst(List<Session> sessions) {
        return sessions.stream()
                .sorted(Comparator.comparing(Session::createdAt)
                        .thenComparing(s -> s.code().value())
                        .reversed())
                .toList();
    }
}
