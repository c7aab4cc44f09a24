package io.huddle.adapters.redis;

import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.function.BiConsumer;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;

/**
 * The upgrade from the versions that kept members and state only in Redis: walks (SCAN, never KEYS) every
 * live session's members hash and state hash, in the layout those versions wrote (the same as the hot
 * copies' now), and hands each to the caller, which stores what PostgreSQL does not have yet.
 */
final class RedisOnlyRecords {
    private static final int STEP = 200;

    private final RedisNodes nodes;
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final RedisMemberCache members;
    private final RedisStateCache states;

    RedisOnlyRecords(RedisNodes nodes, RedisKeys keys, InstantSource clock) {
        this.nodes = nodes;
        this.redis = nodes.client();
        this.keys = keys;
        this.members = new RedisMemberCache(redis, keys, clock);
        this.states = new RedisStateCache(redis, keys, clock);
    }

    /** Every live roster with its token hashes, and every live written state. */
    void walk(BiConsumer<SessionCode, MemberLedger.Roster> rosters, BiConsumer<SessionCode, SharedState> written) {
        scan(keys.membersPattern(), "members", code -> {
            var fields = new HashMap<>(redis.hgetAll(keys.members(code)));
            var expiresAt = fields.remove("expiresAt");
            if (expiresAt == null || members.roster(code).isEmpty()) return;
            var enrolled = new ArrayList<Enrolled>();
            fields.forEach((id, record) -> enrolled.add(
                    new Enrolled(MemberRecords.fromSession(new MemberId(id), record), MemberRecords.tokenIn(record))));
            rosters.accept(code, new MemberLedger.Roster(MemberRecords.instant(expiresAt), enrolled));
        });
        scan(
                keys.statePattern(),
                "state",
                code -> states.get(code)
                        .filter(SharedState::isWritten)
                        .ifPresent(state -> written.accept(code, state)));
    }

    private void scan(String pattern, String what, java.util.function.Consumer<SessionCode> each) {
        var params = new ScanParams().match(pattern).count(STEP);
        MasterScan.each(nodes, params, "hash", key -> keys.sessionOf(key, what).ifPresent(each));
    }
}
