package io.huddle.runtime.store;

import static io.huddle.application.contract.TestSessions.member;
import static io.huddle.application.contract.TestSessions.session;
import static io.huddle.application.contract.TestSessions.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.MemberStoreContract;
import io.huddle.application.memory.InMemoryMemberCache;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberCache;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.SessionCode;
import io.huddle.testkit.Poll;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The composed member store keeps the promises of every {@link MemberStore} (here on in-process stand-ins
 * for PostgreSQL and Redis), and reads through its cache: a miss or an emptied cache is refilled from the
 * ledger, and a cache that cannot answer is read around.
 */
class CachedMemberStoreTest extends MemberStoreContract {
    private final HotCopyRepairs repairs = new HotCopyRepairs(Duration.ofMillis(10));
    private InMemoryMemberStore ledger;
    private FlakyCache cache;

    @Override
    protected MemberStore store(InstantSource clock) {
        ledger = new InMemoryMemberStore(clock);
        cache = new FlakyCache(new InMemoryMemberCache(clock));
        return new CachedMemberStore(ledger, cache, repairs);
    }

    @AfterEach
    void stop() {
        repairs.close();
    }

    /** A cache that can be emptied (a Redis restarted empty) or made to fail (a Redis that is away). */
    static final class FlakyCache implements MemberCache {
        private final InstantSource clock;
        MemberCache inner;
        boolean down;

        FlakyCache(InMemoryMemberCache inner) {
            this.inner = inner;
            this.clock = InstantSource.system();
        }

        void empty() {
            inner = new InMemoryMemberCache(clock);
        }

        private void check() {
            if (down) throw new StoreUnavailable("redis", Duration.ofSeconds(1));
        }

        @Override
        public Optional<Membership> byToken(TokenHash token) {
            check();
            return inner.byToken(token);
        }

        @Override
        public Optional<List<Member>> roster(SessionCode session) {
            check();
            return inner.roster(session);
        }

        @Override
        public RefillTicket beginRefill(SessionCode session) {
            check();
            return inner.beginRefill(session);
        }

        @Override
        public boolean putRoster(SessionCode session, MemberLedger.Roster roster, RefillTicket ticket) {
            check();
            return inner.putRoster(session, roster, ticket);
        }

        @Override
        public void added(SessionCode session, Instant expiresAt, Enrolled member) {
            check();
            inner.added(session, expiresAt, member);
        }

        @Override
        public void removed(SessionCode session, MemberId member, TokenHash token) {
            check();
            inner.removed(session, member, token);
        }

        @Override
        public void evict(SessionCode session, List<TokenHash> tokens) {
            check();
            inner.evict(session, tokens);
        }

        @Override
        public void seen(SessionCode session, MemberId member, Instant at) {
            check();
            inner.seen(session, member, at);
        }
    }

    private record Joiner(
            io.huddle.domain.session.Session session, Member member, io.huddle.domain.member.MemberToken token) {}

    private Joiner joined(MemberStore store) {
        var session = session(clock.instant());
        var member = member("Alice", Role.OWNER, clock.instant());
        var token = token();
        store.join(session, member, token.hash());
        return new Joiner(session, member, token);
    }

    @Test
    void a_raise_the_ledger_would_skip_is_not_sent_to_it_and_later_ones_are_stored() {
        var store = store(clock);
        var alice = joined(store);
        var code = alice.session().code();
        var joinedAt = alice.member().joinedAt();
        store.list(code); // the roster is in the cache, as it is once anyone has opened a socket

        store.seen(code, alice.member().id(), joinedAt.plusSeconds(10));

        // The hot copy has it exact; the ledger was not asked (PostgreSQL would not have raised it either).
        assertThat(store.find(code, alice.member().id()).orElseThrow().lastSeenAt())
                .isEqualTo(joinedAt.plusSeconds(10));
        assertThat(ledger.find(code, alice.member().id()).orElseThrow().lastSeenAt())
                .isEqualTo(joinedAt);

        store.seen(code, alice.member().id(), joinedAt.plusSeconds(31));

        assertThat(ledger.find(code, alice.member().id()).orElseThrow().lastSeenAt())
                .isEqualTo(joinedAt.plusSeconds(31));
    }

    @Test
    void a_cache_emptied_under_a_live_session_is_refilled_from_the_ledger_with_nothing_lost() {
        var store = store(clock);
        var alice = joined(store);
        assertThat(store.list(alice.session().code())).containsExactly(alice.member());

        cache.empty();

        assertThat(store.authenticate(alice.token().hash()))
                .contains(new Membership(alice.session().code(), alice.member()));
        assertThat(cache.inner.roster(alice.session().code())).contains(List.of(alice.member()));
        assertThat(cache.inner.byToken(alice.token().hash())).isPresent();
    }

    @Test
    void while_the_cache_is_away_tokens_and_members_come_from_the_ledger_and_joins_still_work() {
        var store = store(clock);
        var alice = joined(store);
        cache.down = true;

        assertThat(store.authenticate(alice.token().hash())).isPresent();
        assertThat(store.list(alice.session().code())).containsExactly(alice.member());
        var bob = member("Bob", Role.MEMBER, clock.instant());
        assertThat(store.join(alice.session(), bob, token().hash())).isEqualTo(new MemberStore.Joined.Added(2));
        assertThat(store.remove(alice.session().code(), alice.member().id())).isTrue();
        assertThat(repairs.pending()).isPositive();

        cache.down = false;
        repairs.runPending();

        assertThat(store.authenticate(alice.token().hash()))
                .as("revoked while away")
                .isEmpty();
        assertThat(store.list(alice.session().code())).extracting(Member::id).containsExactly(bob.id());
    }

    @Test
    void a_join_the_ledger_refuses_leaves_nothing_in_the_cache() {
        var store = store(clock);
        var full = io.huddle.application.contract.TestSessions.session(
                io.huddle.application.contract.TestSessions.freshOwner(), clock.instant(), Duration.ofHours(1), 1);
        store.join(full, member("A", Role.OWNER, clock.instant()), token().hash());
        var late = token();

        assertThat(store.join(full, member("Late", Role.MEMBER, clock.instant()), late.hash()))
                .isEqualTo(new MemberStore.Joined.Full());

        assertThat(cache.inner.byToken(late.hash())).isEmpty();
        assertThat(ledger.authenticate(late.hash())).isEmpty();
    }

    /** Alice and Bob in one session whose roster is cached, as it is once anyone has opened a socket. */
    private record Pair(Joiner alice, Member bob, io.huddle.domain.member.MemberToken bobToken) {}

    private Pair cachedPair(MemberStore store) {
        var alice = joined(store);
        var bob = member("Bob", Role.MEMBER, clock.instant());
        var bobToken = token();
        store.join(alice.session(), bob, bobToken.hash());
        store.list(alice.session().code());
        return new Pair(alice, bob, bobToken);
    }

    @Test
    void a_member_who_leaves_leaves_the_cached_roster_and_the_others_stay_cached() {
        var store = store(clock);
        var pair = cachedPair(store);
        var code = pair.alice().session().code();

        assertThat(store.remove(code, pair.bob().id())).isTrue();

        // The next read is answered by the copy: no refill of the whole roster from the ledger.
        assertThat(cache.inner.roster(code)).contains(List.of(pair.alice().member()));
        assertThat(cache.inner.byToken(pair.bobToken().hash())).isEmpty();
        assertThat(store.authenticate(pair.bobToken().hash())).isEmpty();
    }

    @Test
    void a_leaver_a_stale_write_puts_back_in_the_copy_is_dropped_again() {
        var store = store(clock);
        var pair = cachedPair(store);
        var code = pair.alice().session().code();
        var bobToken = pair.bobToken().hash();

        store.remove(code, pair.bob().id());
        // A refill that read the ledger before the leave writes its tokens whatever its ticket says (Redis).
        cache.inner.added(code, pair.alice().session().expiresAt(), new Enrolled(pair.bob(), bobToken));
        assertThat(cache.inner.byToken(bobToken)).as("written back").isPresent();

        Poll.until(
                Duration.ofSeconds(5),
                "the leave is repaired",
                () -> cache.inner.byToken(bobToken).isEmpty());
        assertThat(cache.inner.roster(code).orElse(List.of()))
                .extracting(Member::id)
                .doesNotContain(pair.bob().id());
    }
}
