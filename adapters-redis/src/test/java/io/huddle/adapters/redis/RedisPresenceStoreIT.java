package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.PresenceStoreContract;
import io.huddle.application.contract.TestSessions;
import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.Role;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
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
        var cache = new RedisMemberCache(client(), keys, clock);
        var roster = new MemberLedger.Roster(
                session.expiresAt(),
                members.stream()
                        .map(m -> new Enrolled(m, TestSessions.token().hash()))
                        .toList());
        assertThat(cache.putRoster(session.code(), roster, cache.beginRefill(session.code())))
                .isTrue();
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
