package io.huddle.adapters.redis;

import static io.huddle.adapters.redis.MemberRecords.instant;
import static io.huddle.adapters.redis.MemberRecords.millis;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import io.huddle.domain.state.StateStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalLong;
import redis.clients.jedis.UnifiedJedis;

/**
 * One hash per session ({@code <prefix>:{CODE}:state}: {@code version}, {@code data}, {@code updatedAt}
 * and {@code expiresAt} in epoch milliseconds, {@code updatedBy}), written only by
 * {@code state-write.lua}, which compares and writes in one step and makes the hash expire
 * (PEXPIREAT) with the session. Reads also compare the stored {@code expiresAt} with the application's
 * clock, so a state is gone at {@code expiresAt} by either clock.
 *
 * <p>A connection failure is {@code StoreUnavailable} ({@code 503}, translated at the module's door):
 * the script is atomic, so a write that failed either happened whole or not at all, and
 * a client that retries with its base version learns which from the answer.
 */
final class RedisStateStore implements StateStore {
    private static final LuaScript WRITE = LuaScript.load("state-write.lua");

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final InstantSource clock;

    RedisStateStore(UnifiedJedis redis, RedisKeys keys, InstantSource clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public SharedState get(SessionCode session) {
        var fields = redis.hmget(keys.state(session), "version", "data", "updatedAt", "updatedBy", "expiresAt");
        if (fields.get(0) == null || fields.get(4) == null) return SharedState.NEVER_WRITTEN;
        if (!instant(fields.get(4)).isAfter(clock.instant())) return SharedState.NEVER_WRITTEN;
        return SharedState.written(
                Long.parseLong(fields.get(0)),
                new StateData(fields.get(1)),
                instant(fields.get(2)),
                new MemberId(fields.get(3)));
    }

    @Override
    public Written write(Session session, StateData data, OptionalLong baseVersion, MemberId by, Instant at) {
        var scriptKeys = List.of(keys.state(session.code()));
        var args = List.of(
                baseVersion.isPresent() ? Long.toString(baseVersion.getAsLong()) : "",
                data.json(),
                millis(at),
                by.value(),
                millis(session.expiresAt()),
                millis(clock.instant()));
        var reply = (List<?>) WRITE.run(redis, scriptKeys, args);
        long version = (Long) reply.get(1);
        if ((Long) reply.get(0) == 0) return new Written.Conflict(version);
        return new Written.Updated(SharedState.written(version, data, at, by));
    }

    @Override
    public void clear(SessionCode session) {
        redis.unlink(keys.state(session));
    }
}
