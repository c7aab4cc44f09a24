package io.huddle.adapters.redis;

import static io.huddle.application.contract.TestSessions.freshCode;
import static io.huddle.application.contract.TestSessions.member;
import static io.huddle.application.contract.TestSessions.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.MemberCacheContract;
import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.MemberCache;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Role;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis member cache passes the contract every {@link MemberCache} passes, under a fresh key prefix.
 * Redis's own TTLs stay an hour away while the tests move their clock, so expiry here is the comparison
 * with the application's clock.
 */
class RedisMemberCacheIT extends MemberCacheContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** The Redis of this run; {@code RedisMemberCacheClusterIT} runs the same tests on the cluster. */
    RedisTarget target() {
        return RedisTarget.SINGLE;
    }

    UnifiedJedis client() {
        return target().client();
    }

    @Override
    protected MemberCache cache(InstantSource clock) {
        return new RedisMemberCache(client(), new RedisKeys(redis.prefix()), clock);
    }

    private Instant expiresAt() {
        return clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void seen_of_a_member_that_authenticated_here_raises_both_copies() {
        var cache = cache(clock);
        seenRaisesBothCopies(cache, cache, true);
    }

    @Test
    void seen_on_a_gateway_that_never_learnt_the_token_raises_the_token_copy_too() {
        seenRaisesBothCopies(cache(clock), cache(clock), false);
    }

    /** Alice cached by {@code joinedHere} (authenticated there or not), seen by {@code seeing}. */
    private void seenRaisesBothCopies(MemberCache joinedHere, MemberCache seeing, boolean authenticated) {
        var code = freshCode();
        var alice = new Enrolled(member("Alice", Role.OWNER, clock.instant()), token().hash());
        joinedHere.putRoster(code, new MemberLedger.Roster(expiresAt(), List.of(alice)), joinedHere.beginRefill(code));
        if (authenticated) assertThat(joinedHere.byToken(alice.token())).isPresent();
        var later = clock.instant().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);

        seeing.seen(code, alice.member().id(), later);

        var raised = alice.member().seenAt(later);
        assertThat(joinedHere.roster(code)).contains(List.of(raised));
        assertThat(joinedHere.byToken(alice.token())).contains(new Membership(code, raised));
    }

    @Test
    void seen_does_not_bring_back_a_token_revoked_after_it_was_learnt() {
        var code = freshCode();
        var alice = new Enrolled(member("Alice", Role.OWNER, clock.instant()), token().hash());
        var cache = cache(clock);
        cache.added(code, expiresAt(), alice);
        assertThat(cache.byToken(alice.token())).as("learnt here").isPresent();
        cache.removed(code, alice.member().id(), alice.token());

        cache.seen(code, alice.member().id(), clock.instant().plusSeconds(5));

        assertThat(cache.byToken(alice.token())).isEmpty();
        assertThat(client().exists(new RedisKeys(redis.prefix()).token(alice.token())))
                .as("no token key written")
                .isFalse();
    }
}
