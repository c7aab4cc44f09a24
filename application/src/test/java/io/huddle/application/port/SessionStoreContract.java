package io.huddle.application.port;

import static io.huddle.application.port.TestSessions.freshCode;
import static io.huddle.application.port.TestSessions.freshOwner;
import static io.huddle.application.port.TestSessions.session;
import static io.huddle.application.port.TestSessions.withCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.port.SessionStore.Created;
import io.huddle.application.port.SessionStore.Ended;
import io.huddle.application.port.SessionStore.SessionCursor;
import io.huddle.application.port.SessionStore.SessionPage;
import io.huddle.application.port.SessionStore.StatusFilter;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
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
    void a_limit_of_one_hundred_is_accepted() {
        var owner = freshOwner();
        stored(owner, t0);

        assertThat(store.listByOwner(owner, StatusFilter.ALL, Optional.empty(), 100, t0)
                        .sessions())
                .hasSize(1);
    }

    private static List<Session> newestFirst(List<Session> sessions) {
        return sessions.stream()
                .sorted(Comparator.comparing(Session::createdAt)
                        .thenComparing(s -> s.code().value())
                        .reversed())
                .toList();
    }
}
