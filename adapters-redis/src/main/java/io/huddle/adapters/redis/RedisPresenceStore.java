package io.huddle.adapters.redis;

import static io.huddle.adapters.redis.MemberRecords.instant;
import static io.huddle.adapters.redis.MemberRecords.millis;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;

/**
 * Open sockets per session in two hashes: {@code <prefix>:{CODE}:presence} (socketId →
 * {@code memberId|instanceId}, the instance so that a dead gateway's sockets can be found later) and
 * {@code <prefix>:{CODE}:online} (memberId → number of open sockets, plus the field
 * {@code expiresAt}; a member without sockets is no field). One script per change decides "first socket"
 * and "last socket" atomically. Beside them the set {@code <prefix>:{CODE}:online:strays}: members online
 * that the cached roster lacks, kept by the presence scripts and {@link RedisMemberCache}'s, so the
 * headcount need not check every online member against the roster. The keys expire (PEXPIREAT) with the
 * session; reads also compare {@code expiresAt} with the application's clock.
 */
final class RedisPresenceStore implements PresenceStore {
    private static final LuaScript OPEN = LuaScript.load("presence-open.lua");
    private static final LuaScript CLOSE = LuaScript.load("presence-close.lua");
    private static final LuaScript HEADCOUNT = LuaScript.load("headcount.lua");
    private static final String EXPIRES_AT = "expiresAt";

    private final RedisNodes nodes;
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final InstantSource clock;

    RedisPresenceStore(RedisNodes nodes, RedisKeys keys, InstantSource clock) {
        this.nodes = nodes;
        this.redis = nodes.client();
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public boolean socketOpened(Session session, MemberId member, String socketId, String instanceId) {
        return register(session, member, socketId, instanceId).first();
    }

    /** One script call: the registration and the member's socket count after it. */
    @Override
    public Registered register(Session session, MemberId member, String socketId, String instanceId) {
        var code = session.code();
        var reply = (List<?>) OPEN.run(
                redis,
                List.of(keys.presence(code), keys.online(code), keys.members(code), keys.onlineStrays(code)),
                List.of(socketId, member.value(), instanceId, millis(session.expiresAt()), millis(clock.instant())));
        return new Registered(Long.valueOf(1).equals(reply.get(0)), (int) Math.max(0, (Long) reply.get(1)));
    }

    @Override
    public boolean socketClosed(SessionCode session, MemberId member, String socketId) {
        var last = CLOSE.run(
                redis,
                List.of(keys.presence(session), keys.online(session), keys.onlineStrays(session)),
                List.of(socketId, member.value(), millis(clock.instant())));
        return Long.valueOf(1).equals(last);
    }

    @Override
    public Set<MemberId> online(SessionCode session) {
        var counts = new HashMap<>(redis.hgetAll(keys.online(session)));
        var expiresAt = counts.remove(EXPIRES_AT);
        if (expiresAt == null || !clock.instant().isBefore(instant(expiresAt))) return Set.of();
        return counts.entrySet().stream()
                .filter(e -> Long.parseLong(e.getValue()) > 0)
                .map(e -> new MemberId(e.getKey()))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * One read-only script over the member hot copy ({@link RedisMemberCache}, the same {@code {CODE}} slot)
     * and the online counts: two integers back instead of the roster and the online hash, in time that
     * does not grow with the session.
     */
    @Override
    public Optional<Headcount> headcount(SessionCode session) {
        return counted(HEADCOUNT.run(redis, headcountKeys(session), List.of(millis(clock.instant()))));
    }

    /**
     * Every session's script in one pipeline: one round trip (one per node on a cluster). The results are
     * read once the pipeline gave its connection back, so a script Redis does not hold (a fresh or restarted
     * Redis) is loaded and run again on one connection, not a second one held beside the pipeline's.
     */
    @Override
    public Map<SessionCode, Headcount> headcounts(List<SessionCode> sessions) {
        var now = List.of(millis(clock.instant()));
        var replies = new ArrayList<Response<Object>>(sessions.size());
        try (var pipeline = redis.pipelined()) {
            for (var session : sessions) replies.add(HEADCOUNT.queue(pipeline, headcountKeys(session), now));
        }
        var counts = new HashMap<SessionCode, Headcount>();
        for (int i = 0; i < sessions.size(); i++) {
            var session = sessions.get(i);
            counted(HEADCOUNT.result(replies.get(i), redis, headcountKeys(session), now))
                    .ifPresent(count -> counts.put(session, count));
        }
        return counts;
    }

    private List<String> headcountKeys(SessionCode session) {
        return List.of(keys.members(session), keys.online(session), keys.onlineStrays(session));
    }

    /** The script's two numbers, or empty when it found no member copy to count from. */
    private static Optional<Headcount> counted(Object reply) {
        if (!(reply instanceof List<?> counts)) return Optional.empty();
        return Optional.of(new Headcount(((Long) counts.get(0)).intValue(), ((Long) counts.get(1)).intValue()));
    }

    @Override
    public int sockets(SessionCode session, MemberId member) {
        var values = redis.hmget(keys.online(session), member.value(), EXPIRES_AT);
        var count = values.get(0);
        var expiresAt = values.get(1);
        if (count == null || expiresAt == null || !clock.instant().isBefore(instant(expiresAt))) return 0;
        return (int) Math.max(0, Long.parseLong(count));
    }

    @Override
    public void clear(SessionCode session) {
        redis.unlink(keys.presence(session), keys.online(session), keys.onlineStrays(session));
    }

    /**
     * SCAN over the presence hashes ({@code count} as SCAN's COUNT hint), then one pipeline that reads
     * each hash and its session's {@code expiresAt}; sockets of sessions expired by the application's
     * clock are left out. The walk visits every master ({@link MasterScan}); the cursor is its own.
     */
    @Override
    public SocketScan scanSockets(Optional<String> cursor, int count) {
        if (count < 1) throw new IllegalArgumentException("count " + count);
        var params = new ScanParams().match(keys.presencePattern()).count(count);
        var page = MasterScan.page(nodes, cursor, params, "hash");
        var sessions = new ArrayList<SessionCode>();
        var entries = new ArrayList<Response<Map<String, String>>>();
        var expiries = new ArrayList<Response<String>>();
        try (var pipeline = redis.pipelined()) {
            for (var key : page.keys()) {
                var session = keys.sessionOf(key, "presence");
                if (session.isEmpty()) continue;
                sessions.add(session.get());
                entries.add(pipeline.hgetAll(key));
                expiries.add(pipeline.hget(keys.online(session.get()), EXPIRES_AT));
            }
            pipeline.sync();
        }
        var now = clock.instant();
        var sockets = new ArrayList<SocketRef>();
        for (int i = 0; i < sessions.size(); i++) {
            var expiresAt = expiries.get(i).get();
            if (expiresAt == null || !now.isBefore(instant(expiresAt))) continue;
            var session = sessions.get(i);
            entries.get(i).get().forEach((socketId, holder) -> {
                int bar = holder.indexOf('|');
                if (bar > 0) {
                    var member = new MemberId(holder.substring(0, bar));
                    sockets.add(new SocketRef(session, member, socketId, holder.substring(bar + 1)));
                }
            });
        }
        return new SocketScan(sockets, page.next());
    }
}
