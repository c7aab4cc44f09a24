package io.huddle.application.contract;

import static io.huddle.application.contract.TestSessions.freshOwner;
import static io.huddle.application.contract.TestSessions.member;
import static io.huddle.application.contract.TestSessions.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.MemberStore.Joined;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MemberStore} promises. Each test works in fresh sessions, so an implementation
 * may share one backing store between tests.
 */
public abstract class MemberStoreContract {
    /** The time the store sees; tests move it with {@link #passTime}. */
    protected final TestClock clock = TestClock.startingNow();

    private MemberStore store;

    /** The store under test, reading the time from {@code clock}; called before each test. */
    protected abstract MemberStore store(InstantSource clock);

    /**
     * Lets time pass for the store. Override when the store also expires entries by another clock
     * (a server's TTL), to make that clock agree.
     */
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

    private Session session(int maxMembers) {
        return stored(TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(1), maxMembers));
    }

    /** A member joined to {@code session}, and its token. */
    private record Joiner(Member member, MemberToken token) {}

    private Joiner joined(Session session, String name, Role role) {
        var joiner = new Joiner(member(name, role, clock.instant()), token());
        assertThat(store.join(session, joiner.member(), joiner.token().hash())).isInstanceOf(Joined.Added.class);
        return joiner;
    }

    @Test
    void joined_member_is_found_listed_and_counted_with_every_field_intact() {
        var session = session(10);
        var member = member("Zoë 🎻 \"the\" \\ cellist", Role.DISPLAY, clock.instant());

        assertThat(store.join(session, member, token().hash())).isEqualTo(new Joined.Added(1));

        assertThat(store.find(session.code(), member.id())).contains(member);
        assertThat(store.list(session.code())).containsExactly(member);
        assertThat(store.count(session.code())).isEqualTo(1);
    }

    @Test
    void token_authenticates_as_its_member_in_its_session() {
        var session = session(10);
        var alice = joined(session, "Alice", Role.OWNER);
        joined(session, "Bob", Role.MEMBER);

        assertThat(store.authenticate(alice.token().hash())).contains(new Membership(session.code(), alice.member()));
    }

    @Test
    void unknown_token_authenticates_nobody() {
        joined(session(10), "Alice", Role.MEMBER);

        assertThat(store.authenticate(token().hash())).isEmpty();
    }

    @Test
    void unknown_session_has_no_members() {
        var session = session(10);

        assertThat(store.list(session.code())).isEmpty();
        assertThat(store.count(session.code())).isZero();
        assertThat(store.find(
                        session.code(),
                        member("A", Role.MEMBER, clock.instant()).id()))
                .isEmpty();
    }

    @Test
    void joins_are_added_until_the_session_is_full() {
        var session = session(3);
        for (int i = 1; i <= 3; i++) {
            assertThat(store.join(session, member("M" + i, Role.MEMBER, clock.instant()), token().hash()))
                    .isEqualTo(new Joined.Added(i));
        }
        var refused = member("Late", Role.MEMBER, clock.instant());
        var refusedToken = token();

        assertThat(store.join(session, refused, refusedToken.hash())).isEqualTo(new Joined.Full());

        assertThat(store.count(session.code())).isEqualTo(3);
        assertThat(store.find(session.code(), refused.id())).isEmpty();
        assertThat(store.authenticate(refusedToken.hash())).isEmpty();
    }

    @Test
    void twenty_concurrent_joins_into_ten_seats_add_exactly_ten() throws Exception {
        var session = session(10);
        var tokens = new ArrayList<MemberToken>();
        var members = new ArrayList<Member>();
        for (int i = 0; i < 20; i++) {
            tokens.add(token());
            members.add(member("Racer " + i, Role.MEMBER, clock.instant()));
        }

        var outcomes = Concurrently.run(
                20, i -> store.join(session, members.get(i), tokens.get(i).hash()));

        assertThat(outcomes).filteredOn(Joined.Added.class::isInstance).hasSize(10);
        assertThat(outcomes).filteredOn(Joined.Full.class::isInstance).hasSize(10);
        assertThat(outcomes)
                .filteredOn(Joined.Added.class::isInstance)
                .map(o -> ((Joined.Added) o).memberCount())
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(store.count(session.code())).isEqualTo(10);
        for (int i = 0; i < 20; i++) {
            boolean added = outcomes.get(i) instanceof Joined.Added;
            assertThat(store.authenticate(tokens.get(i).hash()).isPresent()).isEqualTo(added);
            assertThat(store.find(session.code(), members.get(i).id()).isPresent())
                    .isEqualTo(added);
        }
    }

    @Test
    void a_seat_freed_by_removal_can_be_taken_again() {
        var session = session(2);
        var alice = joined(session, "Alice", Role.OWNER);
        joined(session, "Bob", Role.MEMBER);
        store.remove(session.code(), alice.member().id());

        assertThat(store.join(session, member("Carol", Role.MEMBER, clock.instant()), token().hash()))
                .isEqualTo(new Joined.Added(2));
    }

    @Test
    void members_are_listed_by_join_time_then_id() {
        var session = session(10);
        var t = clock.instant();
        var third = member("Third", Role.MEMBER, t.plusSeconds(2));
        var first = member("First", Role.OWNER, t);
        var secondA = member("Second A", Role.MEMBER, t.plusSeconds(1));
        var secondB = member("Second B", Role.MEMBER, t.plusSeconds(1));
        for (var m : List.of(third, secondB, first, secondA)) store.join(session, m, token().hash());
        var seconds = secondA.id().value().compareTo(secondB.id().value()) < 0
                ? List.of(secondA, secondB)
                : List.of(secondB, secondA);

        assertThat(store.list(session.code())).containsExactly(first, seconds.get(0), seconds.get(1), third);
    }

    @Test
    void removing_a_member_revokes_its_token() {
        var session = session(10);
        var alice = joined(session, "Alice", Role.OWNER);
        var bob = joined(session, "Bob", Role.MEMBER);

        assertThat(store.remove(session.code(), bob.member().id())).isTrue();

        assertThat(store.authenticate(bob.token().hash())).isEmpty();
        assertThat(store.find(session.code(), bob.member().id())).isEmpty();
        assertThat(store.list(session.code())).containsExactly(alice.member());
        assertThat(store.count(session.code())).isEqualTo(1);
        assertThat(store.authenticate(alice.token().hash())).isPresent();
    }

    @Test
    void removing_a_member_that_is_not_there_is_false() {
        var session = session(10);
        var bob = joined(session, "Bob", Role.MEMBER);
        store.remove(session.code(), bob.member().id());

        assertThat(store.remove(session.code(), bob.member().id())).isFalse();
        assertThat(store.remove(session(10).code(), bob.member().id())).isFalse();
    }

    @Test
    void a_member_is_removed_only_from_its_own_session() {
        var one = session(10);
        var other = session(10);
        var bob = joined(one, "Bob", Role.MEMBER);

        assertThat(store.remove(other.code(), bob.member().id())).isFalse();
        assertThat(store.authenticate(bob.token().hash())).isPresent();
    }

    @Test
    void removing_all_revokes_every_token_of_that_session_only() {
        var ending = session(10);
        var staying = session(10);
        var alice = joined(ending, "Alice", Role.OWNER);
        var bob = joined(ending, "Bob", Role.DISPLAY);
        var carol = joined(staying, "Carol", Role.OWNER);

        store.removeAll(ending.code());

        assertThat(store.authenticate(alice.token().hash())).isEmpty();
        assertThat(store.authenticate(bob.token().hash())).isEmpty();
        assertThat(store.list(ending.code())).isEmpty();
        assertThat(store.count(ending.code())).isZero();
        assertThat(store.find(ending.code(), alice.member().id())).isEmpty();
        assertThat(store.authenticate(carol.token().hash())).contains(new Membership(staying.code(), carol.member()));
        assertThat(store.count(staying.code())).isEqualTo(1);
    }

    @Test
    void removing_all_of_an_unknown_session_does_nothing() {
        var session = session(10);
        var alice = joined(session, "Alice", Role.OWNER);

        store.removeAll(session(10).code());

        assertThat(store.authenticate(alice.token().hash())).isPresent();
    }

    @Test
    void seen_raises_last_seen_at_and_keeps_the_rest() {
        var session = session(10);
        var alice = joined(session, "Alice", Role.OWNER);
        var later = clock.instant().plusSeconds(30).plusMillis(1);

        store.seen(session.code(), alice.member().id(), later);

        var expected = alice.member().seenAt(later);
        assertThat(store.find(session.code(), alice.member().id())).contains(expected);
        assertThat(store.list(session.code())).containsExactly(expected);
        assertThat(store.authenticate(alice.token().hash())).contains(new Membership(session.code(), expected));
    }

    @Test
    void seen_never_lowers_last_seen_at() {
        var session = session(10);
        var alice = joined(session, "Alice", Role.OWNER);
        var latest = clock.instant().plusSeconds(60);
        store.seen(session.code(), alice.member().id(), latest);

        store.seen(session.code(), alice.member().id(), latest.minusSeconds(30));
        store.seen(
                session.code(), alice.member().id(), alice.member().joinedAt().minusSeconds(1));

        assertThat(store.find(session.code(), alice.member().id()).orElseThrow().lastSeenAt())
                .isEqualTo(latest);
    }

    @Test
    void seen_of_a_member_that_is_gone_brings_nothing_back() {
        var session = session(10);
        var alice = joined(session, "Alice", Role.OWNER);
        store.remove(session.code(), alice.member().id());

        store.seen(session.code(), alice.member().id(), clock.instant().plusSeconds(1));
        store.seen(session.code(), new MemberId("m_nobody"), clock.instant().plusSeconds(1));

        assertThat(store.find(session.code(), alice.member().id())).isEmpty();
        assertThat(store.count(session.code())).isZero();
        assertThat(store.authenticate(alice.token().hash())).isEmpty();
    }

    @Test
    void members_stay_until_the_last_millisecond_before_expiry() {
        var session = session(10);
        var alice = joined(session, "Alice", Role.OWNER);

        passTime(Duration.between(clock.instant(), session.expiresAt()).minusMillis(1));

        assertThat(store.authenticate(alice.token().hash())).isPresent();
        assertThat(store.count(session.code())).isEqualTo(1);
    }

    @Test
    void members_and_tokens_vanish_when_their_session_expires() {
        var session = session(10);
        var alice = joined(session, "Alice", Role.OWNER);
        var other = stored(TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(3), 10));
        var carol = joined(other, "Carol", Role.OWNER);

        passTime(Duration.between(clock.instant(), session.expiresAt()));

        assertThat(store.authenticate(alice.token().hash())).isEmpty();
        assertThat(store.find(session.code(), alice.member().id())).isEmpty();
        assertThat(store.list(session.code())).isEmpty();
        assertThat(store.count(session.code())).isZero();
        assertThat(store.remove(session.code(), alice.member().id())).isFalse();
        assertThat(store.authenticate(carol.token().hash())).isPresent();
    }

    /** A whole walk over the members last seen up to now. */
    private List<Membership> walk(int count) {
        return walk(clock.instant(), count);
    }

    private List<Membership> walk(Instant lastSeenUpTo, int count) {
        var found = new ArrayList<Membership>();
        Optional<String> cursor = Optional.empty();
        do {
            var step = store.scanMembers(cursor, lastSeenUpTo, count);
            found.addAll(step.members());
            cursor = step.next();
        } while (cursor.isPresent());
        return found;
    }

    @Test
    void a_walk_finds_every_member_of_every_live_session_as_stored() {
        var one = session(10);
        var other = session(10);
        var alice = joined(one, "Alice", Role.OWNER);
        var bob = joined(one, "Bob", Role.DISPLAY);
        var carol = joined(other, "Carol", Role.MEMBER);
        passTime(Duration.ofSeconds(31)); // a durable store may skip smaller raises (ACTIVITY_GRANULARITY)
        store.seen(one.code(), bob.member().id(), clock.instant());

        assertThat(walk(1))
                .contains(
                        new Membership(one.code(), alice.member()),
                        new Membership(one.code(), bob.member().seenAt(clock.instant())),
                        new Membership(other.code(), carol.member()));
    }

    @Test
    void a_walk_finds_only_members_last_seen_at_or_before_its_bound() {
        var session = session(10);
        var joinedAt = clock.instant();
        var alice = joined(session, "Alice", Role.OWNER);
        var bob = joined(session, "Bob", Role.MEMBER);
        passTime(Duration.ofSeconds(31)); // a durable store may skip smaller raises (ACTIVITY_GRANULARITY)
        var seenAt = clock.instant();
        store.seen(session.code(), bob.member().id(), seenAt);
        passTime(Duration.ofMinutes(5));

        // A walk may return a member more than once: containsOnly, not containsExactly. Other tests' members may
        // share the store: only this session's count.
        var of = session.code();
        assertThat(walk(joinedAt, 1))
                .filteredOn(m -> m.session().equals(of))
                .containsOnly(new Membership(of, alice.member()));
        assertThat(walk(seenAt.minusMillis(1), 1))
                .filteredOn(m -> m.session().equals(of))
                .containsOnly(new Membership(of, alice.member()));
        assertThat(walk(seenAt, 1))
                .filteredOn(m -> m.session().equals(of))
                .containsOnly(
                        new Membership(of, alice.member()),
                        new Membership(of, bob.member().seenAt(seenAt)));
        assertThat(walk(joinedAt.minusMillis(1), 1))
                .filteredOn(m -> m.session().equals(of))
                .isEmpty();
    }

    @Test
    void a_walk_skips_removed_members_and_sessions_removed_whole() {
        var session = session(10);
        var alice = joined(session, "Alice", Role.OWNER);
        var bob = joined(session, "Bob", Role.MEMBER);
        var gone = session(10);
        var carol = joined(gone, "Carol", Role.MEMBER);
        store.remove(session.code(), bob.member().id());
        store.removeAll(gone.code());

        assertThat(walk(100))
                .extracting(m -> m.member().id())
                .contains(alice.member().id())
                .doesNotContain(bob.member().id(), carol.member().id());
    }

    @Test
    void a_walk_skips_members_of_expired_sessions() {
        var session = session(10);
        var alice = joined(session, "Alice", Role.MEMBER);

        passTime(Duration.between(clock.instant(), session.expiresAt()));

        assertThat(walk(100))
                .extracting(m -> m.member().id())
                .doesNotContain(alice.member().id());
    }
}
