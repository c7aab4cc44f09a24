package io.huddle.adapters.redis;

import static io.huddle.adapters.redis.MemberRecords.instant;
import static io.huddle.adapters.redis.MemberRecords.millis;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateCache;
import io.huddle.domain.state.StateData;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * The hot copy of each session's shared state: one hash per session ({@code <prefix>:{CODE}:state}:
 * {@code version}, {@code data}, {@code updatedAt} and {@code expiresAt} in epoch milliseconds,
 * {@code updatedBy}; version 0 with empty fields for a state nobody wrote), written only by
 * {@code state-put.lua}, which keeps the newest version of racing puts and makes the hash expire
 * (PEXPIREAT). Reads also compare the stored {@code expiresAt} with the application's clock. PostgreSQL is
 * the system of record: a miss is refilled from it.
 */
final class RedisStateCache implements StateCache {
    private static final LuaScript PUT = LuaScript.load("state-put.lua");

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final InstantSource clock;

    RedisStateCache(UnifiedJedis redis, RedisKeys keys, InstantSource clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Optional<SharedState> get(SessionCode session) {
        var fields = redis.hmget(keys.state(session), "version", "data", "updatedAt", "updatedBy", "expiresAt");
        if (fields.get(0) == null || fields.get(4) == null) return Optional.empty();
        if (!instant(fields.get(4)).isAfter(clock.instant())) return Optional.empty();
        long version = Long.parseLong(fields.get(0));
        if (version == 0) return Optional.of(SharedState.NEVER_WRITTEN);
        return Optional.of(SharedState.written(
                version, new StateData(fields.get(1)), instant(fields.get(2)), new MemberId(fields.get(3))));
    }

    @Override
    public void put(SessionCode session, SharedState state, Instant expiresAt) {
        var args = List.of(
                Long.toString(state.version()),
                state.data().map(StateData::json).orElse(""),
                state.updatedAt().map(MemberRecords::millis).orElse(""),
                state.updatedBy().map(MemberId::value).orElse(""),
                millis(expiresAt));
        PUT.run(redis, List.of(keys.state(session)), args);
    }

    @Override
    public void evict(SessionCode session) {
        redis.unlink(keys.state(session));
    }
}
