package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.huddle.application.contract.PresenceStoreContract;
import io.huddle.application.contract.TestSessions;
import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.Role;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis presence store passes the contract every {@link PresenceStore} passes, under a fresh key prefix. Redis's
 * own TTLs stay an hour away while the tests move their clock, so expiry here is the comparison
 * with the application's clock, which is what makes an entry vanish at exactly {@code expiresAt}.
 */
class RedisPresenceStoreIT extends PresenceStoreContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** The Redis of this run; {@code RedisPresenceStoreClusterIT} runs the same tests on the cluster. */
    RedisTarget target() {
        return RedisTarget.SINGLE;
    }

    UnifiedJedis client() {
        return target().client();
    }

    @Override
    protected PresenceStore store(InstantSource clock) {
        return new RedisPresenceStore(target().nodes(), new RedisKeys(redis.prefix()), clock);
    }

    private final RedisKeys keys = new RedisKeys(redis.prefix());

    private Session cachedSession(List<Member> members) {
        var session = TestSessions.session(TestSessions.freshOwner(), clock.instant(), Duration.ofHours(1), 100);
        putRoster(session, members);
        return session;
    }

    private Member someone(String name) {
        return TestSessions.member(name, Role.MEMBER, clock.instant());
    }

    @Test
    void the_headcount_counts_the_cached_roster_and_its_online_members_only() {
        var alice = someone("Alice");
        var bob = someone("Bob");
        var carol = someone("Carol");
        var session = cachedSession(List.of(alice, bob, carol));
        var presence = store(clock);
        presence.socketOpened(session, alice.id(), "a1", "gw-1");
        presence.socketOpened(session, alice.id(), "a2", "gw-2");
        presence.socketOpened(session, bob.id(), "b1", "gw-1");
        presence.socketOpened(session, someone("Gone").id(), "g1", "gw-1"); // removed meanwhile: not a member

        assertThat(presence.headcount(session.code())).contains(new Headcount(2, 3));

        presence.socketClosed(session.code(), bob.id(), "b1");
        assertThat(presence.headcount(session.code())).contains(new Headcount(1, 3));
        assertThat(presence.headcount(session.code()))
                .contains(Headcount.of(List.of(alice, bob, carol), presence.online(session.code())));
    }

    @Test
    void a_page_of_sessions_is_counted_in_one_call_and_one_without_a_cached_roster_is_left_to_the_caller() {
        var alice = someone("Alice");
        var bob = someone("Bob");
        var busy = cachedSession(List.of(alice, bob));
        var quiet = cachedSession(List.of(someone("Carol")));
        var uncached = TestSessions.session(TestSessions.freshOwner(), clock.instant(), Duration.ofHours(1), 100);
        var presence = store(clock);
        presence.socketOpened(busy, alice.id(), "a1", "gw-1");
        presence.socketOpened(busy, bob.id(), "b1", "gw-2");
        presence.socketOpened(uncached, alice.id(), "a2", "gw-1");

        assertThat(presence.headcounts(List.of(busy.code(), uncached.code(), quiet.code())))
                .containsOnly(entry(busy.code(), new Headcount(2, 2)), entry(quiet.code(), new Headcount(0, 1)));
    }

    @Test
    void a_member_removed_while_its_socket_still_closes_is_no_longer_counted_online() {
        var alice = someone("Alice");
        var bob = someone("Bob");
        var session = cachedSession(List.of(alice, bob));
        var presence = store(clock);
        presence.socketOpened(session, alice.id(), "a1", "gw-1");
        presence.socketOpened(session, bob.id(), "b1", "gw-1");
        assertThat(presence.headcount(session.code())).contains(new Headcount(2, 2));

        members().removed(session.code(), bob.id(), TestSessions.token().hash());
        assertThat(presence.headcount(session.code())).contains(new Headcount(1, 1));

        presence.socketClosed(session.code(), bob.id(), "b1");
        assertThat(presence.headcount(session.code())).contains(new Headcount(1, 1));
    }

    @Test
    void a_member_online_before_the_cached_roster_had_it_counts_once_it_is_added() {
        var alice = someone("Alice");
        var dave = someone("Dave");
        var session = cachedSession(List.of(alice));
        var presence = store(clock);
        presence.socketOpened(session, dave.id(), "d1", "gw-1");
        assertThat(presence.headcount(session.code())).contains(new Headcount(0, 1));

        members()
                .added(
                        session.code(),
                        session.expiresAt(),
                        new Enrolled(dave, TestSessions.token().hash()));
        assertThat(presence.headcount(session.code())).contains(new Headcount(1, 2));
        assertThat(client().scard(keys.onlineStrays(session.code())))
                .as("no stray left noted")
                .isZero();
    }

    @Test
    void a_refilled_roster_leaves_out_whoever_was_online_without_being_in_it() {
        var alice = someone("Alice");
        var session = TestSessions.session(TestSessions.freshOwner(), clock.instant(), Duration.ofHours(1), 100);
        var presence = store(clock);
        presence.socketOpened(session, alice.id(), "a1", "gw-1");
        presence.socketOpened(session, someone("Gone").id(), "g1", "gw-1"); // before any roster was cached

        putRoster(session, List.of(alice, someone("Bob")));

        assertThat(presence.headcount(session.code())).contains(new Headcount(1, 2));
    }

    /**
     * The headcount is kept as members come and go instead of counted afresh: after every step of a long
     * random mix of opens, closes, joins, removals and refills, it equals the count over the roster and
     * the online members read whole.
     */
    @Test
    void the_headcount_agrees_with_the_roster_and_presence_read_whole_through_any_mix_of_changes() {
        var random = new Random(20261204);
        var people = IntStream.range(0, 12).mapToObj(i -> someone("P" + i)).toList();
        var roster = new ArrayList<>(people.subList(0, 6));
        var session = cachedSession(roster);
        var presence = store(clock);
        var open = new ArrayList<String[]>();
        for (int step = 0; step < 400; step++) {
            var who = people.get(random.nextInt(people.size()));
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> {
                    var socket = "s" + step;
                    presence.socketOpened(session, who.id(), socket, "gw-1");
                    open.add(new String[] {socket, who.id().value()});
                }
                case 4, 5, 6 -> {
                    if (!open.isEmpty()) {
                        var socket = open.remove(random.nextInt(open.size()));
                        presence.socketClosed(session.code(), new MemberId(socket[1]), socket[0]);
                    }
                }
                case 7 -> {
                    if (!roster.contains(who)) {
                        roster.add(who);
                        members()
                                .added(
                                        session.code(),
                                        session.expiresAt(),
                                        new Enrolled(who, TestSessions.token().hash()));
                    }
                }
                case 8 -> {
                    if (roster.remove(who))
                        members()
                                .removed(
                                        session.code(),
                                        who.id(),
                                        TestSessions.token().hash());
                }
                default -> putRoster(session, roster);
            }
            assertThat(presence.headcount(session.code()))
                    .as("after step %d", step)
                    .contains(Headcount.of(roster, presence.online(session.code())));
        }
        for (var socket : open) presence.socketClosed(session.code(), new MemberId(socket[1]), socket[0]);
        assertThat(presence.headcount(session.code())).contains(new Headcount(0, roster.size()));
        assertThat(client().exists(keys.onlineStrays(session.code())))
                .as("nothing left behind")
                .isFalse();
    }

    private RedisMemberCache members() {
        return new RedisMemberCache(client(), keys, clock);
    }

    private void putRoster(Session session, List<Member> members) {
        var cache = members();
        var roster = new MemberLedger.Roster(
                session.expiresAt(),
                members.stream()
                        .map(m -> new Enrolled(m, TestSessions.token().hash()))
                        .toList());
        assertThat(cache.putRoster(session.code(), roster, cache.beginRefill(session.code())))
                .isTrue();
    }

    @Test
    void without_a_whole_cached_roster_or_once_it_expired_the_headcount_is_left_to_the_roster() {
        var presence = store(clock);
        var uncached = TestSessions.session(TestSessions.freshOwner(), clock.instant(), Duration.ofHours(1), 100);
        presence.socketOpened(uncached, someone("Alice").id(), "a1", "gw-1");
        assertThat(presence.headcount(uncached.code())).isEmpty();

        var cached = cachedSession(List.of(someone("Bob")));
        assertThat(presence.headcount(cached.code())).contains(new Headcount(0, 1));
        passTime(Duration.ofHours(1));
        assertThat(presence.headcount(cached.code())).isEmpty();
    }
}
