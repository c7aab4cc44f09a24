package io.huddle.adapters.redis;

import static io.huddle.adapters.redis.MemberRecords.instant;
import static io.huddle.adapters.redis.MemberRecords.millis;

import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberCache;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The hot copy of members: one roster hash per session ({@code <prefix>:{CODE}:members}: memberId →
 * record, plus the field {@code expiresAt}, which only a whole roster has), and one key per token
 * ({@code <prefix>:token:<sha256hex>}) holding the session code and a copy of the member, so a warm token
 * authenticates in one {@code GET}. Both expire (PEXPIREAT) with the session; reads also compare the
 * session's {@code expiresAt} with the application's clock. Encodings: {@link MemberRecords}. PostgreSQL
 * is the system of record: whatever is missing here is refilled from it.
 *
 * <p>The token key lives in another cluster slot than the session's keys, so no script writes both; a
 * roster and its tokens are written in one pipeline. So is a member's {@code lastSeenAt} in both copies,
 * when this process has learnt the member's token (it authenticated here, as every socket's member does):
 * a member's token never changes, so what was learnt stays true, and the token key need not be asked of
 * the roster first.
 */
final class RedisMemberCache implements MemberCache {
    private static final LuaScript PUT_ROSTER = LuaScript.load("roster-put.lua");
    private static final LuaScript ADD = LuaScript.load("member-add.lua");
    private static final LuaScript SEEN = LuaScript.load("member-seen.lua");
    private static final LuaScript TOKEN_SEEN = LuaScript.load("token-seen.lua");
    private static final LuaScript REMOVE = LuaScript.load("member-remove.lua");
    private static final LuaScript REMOVE_ALL = LuaScript.load("member-remove-all.lua");
    private static final String EXPIRES_AT = "expiresAt";
    /** Long enough for a roster read from PostgreSQL; a ticket left by a crashed refill goes by itself. */
    static final java.time.Duration REFILL_FOR = java.time.Duration.ofSeconds(10);

    /** Beyond this many members, {@link #tokens} starts again empty: memory stays bounded. */
    private static final int TOKENS_KNOWN_MAX = 100_000;

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final InstantSource clock;
    /**
     * The token of each member that authenticated here (only those: a refilled roster of thousands would
     * cost memory for members with no socket here); never wrong, as a member keeps its token.
     */
    private final ConcurrentHashMap<MemberId, TokenHash> tokens = new ConcurrentHashMap<>();

    RedisMemberCache(UnifiedJedis redis, RedisKeys keys, InstantSource clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Optional<Membership> byToken(TokenHash token) {
        var record = redis.get(keys.token(token));
        if (record == null) return Optional.empty();
        var decoded = MemberRecords.fromToken(record);
        if (!isLive(decoded.expiresAt())) return Optional.empty();
        learn(decoded.membership().member().id(), token);
        return Optional.of(decoded.membership());
    }

    @Override
    public Optional<List<Member>> roster(SessionCode session) {
        var fields = redis.hgetAll(keys.members(session));
        var expiresAt = fields.get(EXPIRES_AT);
        if (expiresAt == null || !isLive(instant(expiresAt))) return Optional.empty();
        var members = new ArrayList<Member>(fields.size());
        for (var field : fields.entrySet()) {
            if (field.getKey().equals(EXPIRES_AT)) continue;
            members.add(MemberRecords.fromSession(new MemberId(field.getKey()), field.getValue()));
        }
        members.sort(Member.BY_JOIN);
        return Optional.of(Collections.unmodifiableList(members));
    }

    /** A random ticket, kept for {@link #REFILL_FOR}: a refill that takes longer caches nothing. */
    @Override
    public RefillTicket beginRefill(SessionCode session) {
        var ticket = new RefillTicket(Long.toHexString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong())
                + Long.toHexString(System.nanoTime()));
        redis.set(
                keys.membersRefill(session),
                ticket.value(),
                SetParams.setParams().px(REFILL_FOR.toMillis()));
        return ticket;
    }

    @Override
    public boolean putRoster(SessionCode session, MemberLedger.Roster roster, RefillTicket ticket) {
        var args = new ArrayList<String>(2 + 2 * roster.members().size());
        args.add(millis(roster.expiresAt()));
        args.add(ticket.value());
        for (var enrolled : roster.members()) {
            args.add(enrolled.member().id().value());
            args.add(MemberRecords.inSession(enrolled.member(), enrolled.token()));
        }
        var rosterKeys = rosterAndOnline(session);
        Response<Object> put;
        try (var pipeline = redis.pipelined()) {
            for (var enrolled : roster.members()) queueToken(pipeline, session, roster.expiresAt(), enrolled);
            put = PUT_ROSTER.queue(pipeline, rosterKeys, args);
        }
        // Read once the pipeline gave its connection back (closing it syncs): a script Redis lost (NOSCRIPT, after
        // a restart) is run again on a connection of its own, and must not hold a second one meanwhile.
        return Long.valueOf(1).equals(PUT_ROSTER.result(put, redis, rosterKeys, args));
    }

    @Override
    public void added(SessionCode session, Instant expiresAt, Enrolled member) {
        var rosterKeys = List.of(keys.members(session), keys.membersRefill(session), keys.onlineStrays(session));
        var args = List.of(member.member().id().value(), MemberRecords.inSession(member.member(), member.token()));
        Response<Object> add;
        try (var pipeline = redis.pipelined()) {
            queueToken(pipeline, session, expiresAt, member);
            add = ADD.queue(pipeline, rosterKeys, args);
        }
        ADD.result(add, redis, rosterKeys, args);
    }

    private void queueToken(
            redis.clients.jedis.AbstractPipeline pipeline, SessionCode session, Instant expiresAt, Enrolled member) {
        pipeline.set(
                keys.token(member.token()),
                MemberRecords.inToken(session, member.member(), expiresAt),
                SetParams.setParams().pxAt(expiresAt.toEpochMilli()));
    }

    @Override
    public void removed(SessionCode session, MemberId member, TokenHash token) {
        tokens.remove(member);
        var rosterKeys = rosterAndOnline(session);
        var args = List.of(member.value());
        Response<Object> remove;
        try (var pipeline = redis.pipelined()) {
            // Token first: a member without a token cannot act; a token without a member could.
            pipeline.unlink(keys.token(token));
            remove = REMOVE.queue(pipeline, rosterKeys, args);
        }
        REMOVE.result(remove, redis, rosterKeys, args);
    }

    @Override
    public void evict(SessionCode session, List<TokenHash> tokens) {
        redis.del(keys.membersRefill(session));
        var cached =
                (List<?>) REMOVE_ALL.run(redis, List.of(keys.members(session), keys.onlineStrays(session)), List.of());
        var all = new ArrayList<String>();
        tokens.forEach(t -> all.add(keys.token(t)));
        cached.forEach(t -> all.add(keys.token(new TokenHash(LuaScript.text(t)))));
        if (all.isEmpty()) return;
        // One UNLINK per key: token keys sit in different cluster slots.
        try (var pipeline = redis.pipelined()) {
            for (var key : all) pipeline.unlink(key);
            pipeline.sync();
        }
    }

    /**
     * Both copies, in one round trip when the member's token is known here, else the roster's first (it
     * names the token). Either way the token key is only ever raised, never brought back once revoked.
     */
    @Override
    public void seen(SessionCode session, MemberId member, Instant at) {
        var rosterKeys = List.of(keys.members(session));
        var rosterArgs = List.of(member.value(), millis(at), millis(clock.instant()));
        var seenAt = List.of(millis(at));
        var token = tokens.get(member);
        if (token == null) {
            var raised = SEEN.run(redis, rosterKeys, rosterArgs);
            if (raised == null) return;
            TOKEN_SEEN.run(redis, List.of(keys.token(new TokenHash(LuaScript.text(raised)))), seenAt);
            return;
        }
        var tokenKeys = List.of(keys.token(token));
        Response<Object> inRoster;
        Response<Object> inToken;
        try (var pipeline = redis.pipelined()) {
            inRoster = SEEN.queue(pipeline, rosterKeys, rosterArgs);
            inToken = TOKEN_SEEN.queue(pipeline, tokenKeys, seenAt);
        }
        SEEN.result(inRoster, redis, rosterKeys, rosterArgs);
        TOKEN_SEEN.result(inToken, redis, tokenKeys, seenAt);
    }

    /** The keys of the scripts that change the roster and must judge who is online without it (the strays). */
    private List<String> rosterAndOnline(SessionCode session) {
        return List.of(
                keys.members(session), keys.membersRefill(session), keys.online(session), keys.onlineStrays(session));
    }

    private void learn(MemberId member, TokenHash token) {
        if (tokens.size() >= TOKENS_KNOWN_MAX) tokens.clear();
        tokens.put(member, token);
    }

    private boolean isLive(Instant expiresAt) {
        return clock.instant().isBefore(expiresAt);
    }
}
