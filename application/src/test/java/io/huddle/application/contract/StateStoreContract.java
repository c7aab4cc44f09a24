package io.huddle.application.contract;

import static io.huddle.application.contract.TestSessions.freshCode;
import static io.huddle.application.contract.TestSessions.freshOwner;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.Session;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import io.huddle.domain.state.StateStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StateStore} promises. Each test works with fresh sessions. */
public abstract class StateStoreContract {
    private static final MemberId ALICE = new MemberId("m_alice");
    private static final MemberId BOB = new MemberId("m_bob");

    /** The time the store sees; tests move it with {@link #passTime}. */
    protected final TestClock clock = TestClock.startingNow();

    private StateStore store;

    /** The store under test, reading the time from {@code clock}; called before each test. */
    protected abstract StateStore store(InstantSource clock);

    /** Lets time pass for the store. Override when the store also expires entries by another clock. */
    protected void passTime(Duration duration) {
        clock.advance(duration);
    }

    /**
     * A session the tests are about to use; a store that keeps rows of its own for sessions (PostgreSQL)
     * stores it here. Nothing by default.
     */
    protected Session stored(Session session) {
        return session;
    }

    @BeforeEach
    void open_store() {
        store = store(clock);
    }

    private Session session() {
        return stored(TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(1), 100));
    }

    private static StateData data(String json) {
        return new StateData(json);
    }

    private StateStore.Written write(Session session, String json, OptionalLong base, MemberId by) {
        return store.write(session, data(json), base, by, clock.instant());
    }

    private SharedState updated(StateStore.Written written) {
        assertThat(written).isInstanceOf(StateStore.Written.Updated.class);
        return ((StateStore.Written.Updated) written).state();
    }

    @Test
    void a_state_nobody_wrote_is_version_zero() {
        assertThat(store.get(freshCode())).isEqualTo(SharedState.NEVER_WRITTEN);
    }

    @Test
    void a_write_without_a_base_version_makes_version_one_and_reads_back_intact() {
        var session = session();
        var json = "{\"title\":\"Bandprobe 🥁 \\\"Dienstag\\\" \\\\ 7/8\",\"bpm\":120.5,\"tags\":[null,true]}";
        var at = clock.instant().plusMillis(7);

        var written = updated(store.write(session, data(json), OptionalLong.empty(), ALICE, at));

        assertThat(written).isEqualTo(SharedState.written(1, data(json), at, ALICE));
        assertThat(store.get(session.code())).isEqualTo(written);
    }

    @Test
    void every_write_without_a_base_version_raises_the_version_by_one() {
        var session = session();

        write(session, "1", OptionalLong.empty(), ALICE);
        write(session, "2", OptionalLong.empty(), BOB);
        var third = updated(write(session, "3", OptionalLong.empty(), ALICE));

        assertThat(third.version()).isEqualTo(3);
        assertThat(store.get(session.code())).isEqualTo(third);
    }

    @Test
    void json_null_is_data_like_any_other_value() {
        var session = session();

        var written = updated(write(session, "null", OptionalLong.empty(), ALICE));

        assertThat(store.get(session.code()).data()).contains(data("null"));
        assertThat(written.version()).isEqualTo(1);
    }

    @Test
    void data_of_the_largest_size_is_kept_whole() {
        var session = session();
        var json = "\"" + "é".repeat(StateData.MAX_BYTES / 2 - 1) + "\"";

        write(session, json, OptionalLong.empty(), ALICE);

        assertThat(store.get(session.code()).data()).contains(data(json));
    }

    @Test
    void a_write_on_the_current_version_is_written() {
        var session = session();
        write(session, "\"a\"", OptionalLong.empty(), ALICE);

        var written = updated(write(session, "\"b\"", OptionalLong.of(1), BOB));

        assertThat(written.version()).isEqualTo(2);
        assertThat(store.get(session.code())).isEqualTo(written);
    }

    @Test
    void base_version_zero_writes_only_what_nobody_wrote_yet() {
        var session = session();

        var first = updated(write(session, "\"first\"", OptionalLong.of(0), ALICE));
        var second = write(session, "\"second\"", OptionalLong.of(0), BOB);

        assertThat(first.version()).isEqualTo(1);
        assertThat(second).isEqualTo(new StateStore.Written.Conflict(1));
        assertThat(store.get(session.code())).isEqualTo(first);
    }

    @Test
    void a_stale_or_future_base_version_conflicts_and_changes_nothing() {
        var session = session();
        write(session, "1", OptionalLong.empty(), ALICE);
        var current = updated(write(session, "2", OptionalLong.empty(), ALICE));

        assertThat(write(session, "\"stale\"", OptionalLong.of(1), BOB)).isEqualTo(new StateStore.Written.Conflict(2));
        assertThat(write(session, "\"future\"", OptionalLong.of(3), BOB)).isEqualTo(new StateStore.Written.Conflict(2));
        assertThat(store.get(session.code())).isEqualTo(current);
    }

    @Test
    void sessions_have_states_of_their_own() {
        var one = session();
        var other = session();
        write(one, "\"one\"", OptionalLong.empty(), ALICE);

        var first = updated(write(other, "\"other\"", OptionalLong.of(0), BOB));

        assertThat(first.version()).isEqualTo(1);
        assertThat(store.get(one.code()).data()).contains(data("\"one\""));
    }

    @Test
    void a_cleared_state_is_version_zero_and_the_next_write_is_version_one() {
        var session = session();
        var kept = session();
        write(session, "1", OptionalLong.empty(), ALICE);
        write(session, "2", OptionalLong.empty(), ALICE);
        write(kept, "\"kept\"", OptionalLong.empty(), ALICE);

        store.clear(session.code());

        assertThat(store.get(session.code())).isEqualTo(SharedState.NEVER_WRITTEN);
        assertThat(updated(write(session, "3", OptionalLong.of(0), ALICE)).version())
                .isEqualTo(1);
        assertThat(store.get(kept.code()).version()).isEqualTo(1);
    }

    @Test
    void clearing_an_unknown_session_does_nothing() {
        var kept = session();
        write(kept, "\"kept\"", OptionalLong.empty(), ALICE);

        store.clear(freshCode());

        assertThat(store.get(kept.code()).version()).isEqualTo(1);
    }

    @Test
    void a_state_stays_until_the_last_millisecond_before_its_session_expires() {
        var session = session();
        var written = updated(write(session, "1", OptionalLong.empty(), ALICE));

        passTime(Duration.between(clock.instant(), session.expiresAt()).minusMillis(1));

        assertThat(store.get(session.code())).isEqualTo(written);
    }

    @Test
    void a_state_expires_with_its_session() {
        var session = session();
        var longer = stored(TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(2), 100));
        write(session, "1", OptionalLong.empty(), ALICE);
        var kept = updated(write(longer, "2", OptionalLong.empty(), ALICE));

        passTime(Duration.between(clock.instant(), session.expiresAt()));

        assertThat(store.get(session.code())).isEqualTo(SharedState.NEVER_WRITTEN);
        assertThat(store.get(longer.code())).isEqualTo(kept);
    }

    @Test
    void of_twenty_concurrent_writers_on_the_same_base_version_exactly_one_writes() throws Exception {
        var session = session();
        write(session, "\"base\"", OptionalLong.empty(), ALICE);

        var results = Concurrently.run(20, i -> write(session, Integer.toString(i), OptionalLong.of(1), BOB));

        var winners = results.stream()
                .filter(StateStore.Written.Updated.class::isInstance)
                .map(StateStore.Written.Updated.class::cast)
                .toList();
        assertThat(winners).hasSize(1);
        assertThat(winners.getFirst().state().version()).isEqualTo(2);
        assertThat(results)
                .filteredOn(StateStore.Written.Conflict.class::isInstance)
                .hasSize(19)
                .allSatisfy(r -> assertThat(r).isEqualTo(new StateStore.Written.Conflict(2)));
        assertThat(store.get(session.code())).isEqualTo(winners.getFirst().state());
    }

    @Test
    void concurrent_writers_without_a_base_version_each_get_a_version_of_their_own() throws Exception {
        var session = session();

        var results = Concurrently.run(20, i -> write(session, Integer.toString(i), OptionalLong.empty(), BOB));

        var versions = results.stream()
                .map(r -> ((StateStore.Written.Updated) r).state().version())
                .sorted()
                .toList();
        assertThat(versions)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(store.get(session.code()).version()).isEqualTo(20);
    }
}
