package io.huddle.adapters.redis;

import static io.huddle.adapters.redis.MemberRecords.instant;
import static io.huddle.adapters.redis.MemberRecords.millis;

import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * One hash per session ({@code <prefix>:{CODE}:session}) with a field per {@link Session} field, times
 * in epoch milliseconds, expiring (PEXPIREAT) when the session does. Redis expires by its own clock;
 * {@link #get} also compares the stored {@code expiresAt} with the application's clock, so an entry
 * is gone at {@code expiresAt} by either clock.
 */
final class RedisSessionCache implements SessionCache {
    private static final LuaScript PUT = LuaScript.load("session-put.lua");
    private static final LuaScript TOUCH = LuaScript.load("session-touch.lua");

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final InstantSource clock;

    RedisSessionCache(UnifiedJedis redis, RedisKeys keys, InstantSource clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void put(Session session) {
        var args = new ArrayList<String>();
        args.add(millis(session.expiresAt()));
        fields(session).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        PUT.run(redis, List.of(keys.session(session.code())), args);
    }

    @Override
    public Optional<Session> get(SessionCode code) {
        return live(redis.hgetAll(keys.session(code)), clock.instant());
    }

    /** Every {@code HGETALL} in one pipeline: one round trip (one per node on a cluster). */
    @Override
    public Map<SessionCode, Session> getAll(List<SessionCode> codes) {
        var replies = new ArrayList<Response<Map<String, String>>>(codes.size());
        try (var pipeline = redis.pipelined()) {
            for (var code : codes) replies.add(pipeline.hgetAll(keys.session(code)));
        }
        var now = clock.instant();
        var found = new HashMap<SessionCode, Session>();
        for (int i = 0; i < codes.size(); i++) {
            var code = codes.get(i);
            live(replies.get(i).get(), now).ifPresent(session -> found.put(code, session));
        }
        return found;
    }

    /** The copy in {@code fields}, unless there is none or it expired by the application's clock. */
    private static Optional<Session> live(Map<String, String> fields, Instant now) {
        if (fields.isEmpty()) return Optional.empty();
        var session = session(fields);
        return session.expiresAt().isAfter(now) ? Optional.of(session) : Optional.empty();
    }

    @Override
    public void evict(SessionCode code) {
        redis.unlink(keys.session(code));
    }

    @Override
    public void touch(SessionCode code, Instant at) {
        TOUCH.run(redis, List.of(keys.session(code)), List.of(millis(at)));
    }

    private static Map<String, String> fields(Session session) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("code", session.code().value());
        fields.put("ownerId", session.ownerId().value());
        fields.put("name", session.name());
        fields.put("maxMembers", Integer.toString(session.maxMembers()));
        fields.put("createdAt", millis(session.createdAt()));
        fields.put("expiresAt", millis(session.expiresAt()));
        fields.put("lastActivityAt", millis(session.lastActivityAt()));
        session.ending().ifPresent(ending -> {
            fields.put("endedAt", millis(ending.at()));
            fields.put("endReason", ending.reason().wireName());
        });
        return fields;
    }

    private static Session session(Map<String, String> fields) {
        Optional<Ending> ending = Optional.ofNullable(fields.get("endedAt"))
                .map(endedAt -> new Ending(
                        instant(endedAt),
                        EndReason.fromWireName(fields.get("endReason"))
                                .orElseThrow(() -> new IllegalStateException("unknown end reason in cache"))));
        return new Session(
                new SessionCode(fields.get("code")),
                new OwnerId(fields.get("ownerId")),
                fields.get("name"),
                Integer.parseInt(fields.get("maxMembers")),
                instant(fields.get("createdAt")),
                instant(fields.get("expiresAt")),
                instant(fields.get("lastActivityAt")),
                ending);
    }
}
