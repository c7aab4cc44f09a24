package io.huddle.application.contract;

import static io.huddle.application.contract.TestSessions.freshCode;
import static io.huddle.application.contract.TestSessions.member;
import static io.huddle.application.contract.TestSessions.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.MemberCache;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MemberCache} promises. Each test works in fresh sessions. */
public abstract class MemberCacheContract {
    protected final TestClock clock = TestClock.startingNow();
    private MemberCache cache;

    /** The cache under test, reading the time from {@code clock}; called before each test. */
    protected abstract MemberCache cache(InstantSource clock);

    @BeforeEach
    void open_cache() {
        cache = cache(clock);
    }

    private Instant expiresAt() {
        return clock.instant().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private Enrolled enrolled(String name, Role role) {
        return new Enrolled(member(name, role, clock.instant()), token().hash());
    }

    @Test
    void a_put_roster_is_read_back_whole_and_each_of_its_tokens_authenticates() {
        var code = freshCode();
        var alice = enrolled("Alice | \"owner\"", Role.OWNER);
        clock.advance(Duration.ofMillis(1)); // rosters are ordered by join time
        var bob = enrolled("Bob", Role.DISPLAY);
        cache.putRoster(code, new MemberLedger.Roster(expiresAt(), List.of(alice, bob)), cache.beginRefill(code));

        assertThat(cache.roster(code)).contains(List.of(alice.member(), bob.member()));
        assertThat(cache.byToken(bob.token())).contains(new Membership(code, bob.member()));
    }

    @Test
    void an_empty_roster_is_cached_as_empty_and_an_unknown_one_misses() {
        var code = freshCode();
        cache.putRoster(code, new MemberLedger.Roster(expiresAt(), List.of()), cache.beginRefill(code));

        assertThat(cache.roster(code)).contains(List.of());
        assertThat(cache.roster(freshCode())).isEmpty();
        assertThat(cache.byToken(token().hash())).isEmpty();
    }

    @Test
    void a_member_added_to_an_uncached_roster_caches_its_token_but_starts_no_roster() {
        var code = freshCode();
        var alice = enrolled("Alice", Role.MEMBER);

        cache.added(code, expiresAt(), alice);

        assertThat(cache.byToken(alice.token())).contains(new Membership(code, alice.member()));
        assertThat(cache.roster(code)).isEmpty();
    }

    @Test
    void a_member_added_to_a_cached_roster_joins_it() {
        var code = freshCode();
        var alice = enrolled("Alice", Role.OWNER);
        cache.putRoster(code, new MemberLedger.Roster(expiresAt(), List.of(alice)), cache.beginRefill(code));
        clock.advance(Duration.ofSeconds(1));
        var bob = enrolled("Bob", Role.MEMBER);

        cache.added(code, expiresAt(), bob);

        assertThat(cache.roster(code)).contains(List.of(alice.member(), bob.member()));
    }

    @Test
    void a_removed_member_leaves_the_roster_and_its_token_stops_working() {
        var code = freshCode();
        var alice = enrolled("Alice", Role.OWNER);
        var bob = enrolled("Bob", Role.MEMBER);
        cache.putRoster(code, new MemberLedger.Roster(expiresAt(), List.of(alice, bob)), cache.beginRefill(code));

        cache.removed(code, bob.member().id(), bob.token());

        assertThat(cache.roster(code)).contains(List.of(alice.member()));
        assertThat(cache.byToken(bob.token())).isEmpty();
    }

    @Test
    void eviction_drops_the_roster_its_tokens_and_the_tokens_named() {
        var code = freshCode();
        var alice = enrolled("Alice", Role.OWNER);
        var loose = enrolled("Loose", Role.MEMBER);
        cache.putRoster(code, new MemberLedger.Roster(expiresAt(), List.of(alice)), cache.beginRefill(code));
        cache.added(freshCode(), expiresAt(), loose);

        cache.evict(code, List.of(loose.token()));

        assertThat(cache.roster(code)).isEmpty();
        assertThat(cache.byToken(alice.token())).isEmpty();
        assertThat(cache.byToken(loose.token())).isEmpty();
    }

    @Test
    void seen_raises_last_seen_at_in_the_roster_and_the_token() {
        var code = freshCode();
        var alice = enrolled("Alice", Role.OWNER);
        cache.putRoster(code, new MemberLedger.Roster(expiresAt(), List.of(alice)), cache.beginRefill(code));
        var later = clock.instant().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        cache.seen(code, alice.member().id(), later);

        var raised = alice.member().seenAt(later);
        assertThat(cache.roster(code)).contains(List.of(raised));
        assertThat(cache.byToken(alice.token())).contains(new Membership(code, raised));
    }

    @Test
    void entries_vanish_when_their_session_expires() {
        SessionCode code = freshCode();
        var alice = enrolled("Alice", Role.OWNER);
        var until = expiresAt();
        cache.putRoster(code, new MemberLedger.Roster(until, List.of(alice)), cache.beginRefill(code));

        clock.advance(Duration.between(clock.instant(), until));

        assertThat(cache.roster(code)).isEmpty();
        assertThat(cache.byToken(alice.token())).isEmpty();
    }

    @Test
    void a_roster_read_before_a_join_is_not_cached_over_it_and_the_next_refill_is() {
        var code = freshCode();
        var alice = enrolled("Alice", Role.OWNER);
        var ticket = cache.beginRefill(code);
        var readBeforeTheJoin = new MemberLedger.Roster(expiresAt(), List.of(alice));
        clock.advance(Duration.ofMillis(1));
        var bob = enrolled("Bob", Role.MEMBER);
        cache.added(code, expiresAt(), bob);

        assertThat(cache.putRoster(code, readBeforeTheJoin, ticket)).isFalse();
        assertThat(cache.roster(code)).isEmpty();

        var readAfter = new MemberLedger.Roster(expiresAt(), List.of(alice, bob));
        assertThat(cache.putRoster(code, readAfter, cache.beginRefill(code))).isTrue();
        assertThat(cache.roster(code)).contains(List.of(alice.member(), bob.member()));
    }

    @Test
    void a_leave_or_an_eviction_withdraws_a_refill_ticket_and_a_newer_ticket_supersedes_an_older_one() {
        var code = freshCode();
        var alice = enrolled("Alice", Role.OWNER);
        var bob = enrolled("Bob", Role.MEMBER);
        var both = new MemberLedger.Roster(expiresAt(), List.of(alice, bob));

        var beforeLeave = cache.beginRefill(code);
        cache.removed(code, bob.member().id(), bob.token());
        assertThat(cache.putRoster(code, both, beforeLeave)).isFalse();

        var beforeEviction = cache.beginRefill(code);
        cache.evict(code, List.of());
        assertThat(cache.putRoster(code, both, beforeEviction)).isFalse();

        var older = cache.beginRefill(code);
        var newer = cache.beginRefill(code);
        assertThat(cache.putRoster(code, both, older)).isFalse();
        assertThat(cache.putRoster(code, both, newer)).isTrue();
        assertThat(cache.putRoster(code, both, newer))
                .as("a ticket is good for one roster")
                .isFalse();
        assertThat(cache.roster(code)).hasValueSatisfying(r -> assertThat(r).hasSize(2));
    }
}
