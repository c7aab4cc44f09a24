package io.huddle.adapters.redis;

import static io.huddle.adapters.redis.MemberRecords.instant;
import static io.huddle.adapters.redis.MemberRecords.millis;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;

/**
 * Members in one hash per session ({@code <prefix>:{CODE}:members}: memberId → record, plus the
 * field {@code expiresAt}), and one key per token ({@code <prefix>:token:<sha256hex>}) that holds the
 * session code and a copy of the member, so a token authenticates in one round trip. Both expire
 * (PEXPIREAT) with the session; reads also compare the session's {@code expiresAt} with the
 * application's clock. Encodings: {@link MemberRecords}.
 *
 * <p>The token key lives in another cluster slot than the session's keys, so no script can write
 * both. The order keeps "a token authenticates" implying "its member exists": a join writes the token
 * first (its secret has not been handed out yet) and removes it again unless the member was added; a
 * removal revokes the token before it deletes the member. {@link #removeAll} is the exception: it
 * deletes the members hash atomically and revokes their tokens right after (one more round trip).
 */
final class RedisMemberStore implements MemberStore {
    private static final LuaScript JOIN = LuaScript.load("member-join.lua");
    private static final LuaScript SEEN = LuaScript.load("member-seen.lua");
    private static final LuaScript TOKEN_SEEN = LuaScript.load("token-seen.lua");
    private static final LuaScript REMOVE_ALL = LuaScript.load("member-remove-all.lua");
    private static final String EXPIRES_AT = "expiresAt";
    private static final Comparator<Member> BY_JOIN =
            Comparator.comparing(Member::joinedAt).thenComparing(m -> m.id().value());

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final InstantSource clock;

    RedisMemberStore(UnifiedJedis redis, RedisKeys keys, InstantSource clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Joined join(Session session, Member member, TokenHash token) {
        var tokenKey = keys.token(token);
        var joinKeys = List.of(keys.members(session.code()));
        var joinArgs = List.of(
                member.id().value(),
                MemberRecords.inSession(member, token),
                Integer.toString(session.maxMembers()),
                millis(session.expiresAt()));
        long count;
        try {
            Response<String> stored;
            Response<Object> joined;
            try (var pipeline = redis.pipelined()) {
                stored = pipeline.set(
                        tokenKey,
                        MemberRecords.inToken(session.code(), member, session.expiresAt()),
                        SetParams.setParams().pxAt(session.expiresAt().toEpochMilli()));
                joined = JOIN.queue(pipeline, joinKeys, joinArgs);
                pipeline.sync();
            }
            stored.get();
            count = (Long) JOIN.result(joined, redis, joinKeys, joinArgs);
        } catch (RuntimeException e) {
            // Unknown how far it got: take both back (the member id is fresh, the token not handed out).
            undoJoin(session.code(), member.id(), tokenKey, e);
            throw e;
        }
        if (count == 0) {
            redis.unlink(tokenKey);
            return new Joined.Full();
        }
        return new Joined.Added(Math.toIntExact(count));
    }

    private void undoJoin(SessionCode session, MemberId member, String tokenKey, RuntimeException cause) {
        try {
            redis.unlink(tokenKey);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            redis.hdel(keys.members(session), member.value());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public Optional<Membership> authenticate(TokenHash token) {
        var record = redis.get(keys.token(token));
        if (record == null) return Optional.empty();
        var decoded = MemberRecords.fromToken(record);
        return isLive(decoded.expiresAt()) ? Optional.of(decoded.membership()) : Optional.empty();
    }

    @Override
    public List<Member> list(SessionCode session) {
        var fields = new HashMap<>(redis.hgetAll(keys.members(session)));
        var expiresAt = fields.remove(EXPIRES_AT);
        if (expiresAt == null || !isLive(instant(expiresAt))) return List.of();
        return fields.entrySet().stream()
                .map(e -> MemberRecords.fromSession(new MemberId(e.getKey()), e.getValue()))
                .sorted(BY_JOIN)
                .toList();
    }

    @Override
    public Optional<Member> find(SessionCode session, MemberId member) {
        return record(session, member).map(record -> MemberRecords.fromSession(member, record));
    }

    @Override
    public int count(SessionCode session) {
        Response<Long> fields;
        Response<String> expiresAt;
        try (var pipeline = redis.pipelined()) {
            fields = pipeline.hlen(keys.members(session));
            expiresAt = pipeline.hget(keys.members(session), EXPIRES_AT);
            pipeline.sync();
        }
        if (expiresAt.get() == null || !isLive(instant(expiresAt.get()))) return 0;
        return Math.toIntExact(fields.get() - 1);
    }

    @Override
    public boolean remove(SessionCode session, MemberId member) {
        var record = record(session, member);
        if (record.isEmpty()) return false;
        Response<Long> removed;
        try (var pipeline = redis.pipelined()) {
            // Token first: a member without a token cannot act; a token without a member could.
            pipeline.unlink(keys.token(MemberRecords.tokenIn(record.get())));
            removed = pipeline.hdel(keys.members(session), member.value());
            pipeline.sync();
        }
        return removed.get() == 1;
    }

    @Override
    public void removeAll(SessionCode session) {
        var tokens = (List<?>) REMOVE_ALL.run(redis, List.of(keys.members(session)), List.of());
        if (tokens.isEmpty()) return;
        // One UNLINK per key: token keys sit in different cluster slots.
        try (var pipeline = redis.pipelined()) {
            for (Object token : tokens) pipeline.unlink(keys.token(new TokenHash(text(token))));
            pipeline.sync();
        }
    }

    @Override
    public void seen(SessionCode session, MemberId member, Instant at) {
        var raised = SEEN.run(
                redis, List.of(keys.members(session)), List.of(member.value(), millis(at), millis(clock.instant())));
        if (raised == null) return;
        // The copy in the token key follows; a token revoked meanwhile is not brought back.
        TOKEN_SEEN.run(redis, List.of(keys.token(new TokenHash(text(raised)))), List.of(millis(at)));
    }

    /**
     * SCAN over the members hashes ({@code count} as SCAN's COUNT hint), then one pipeline that reads
     * them; sessions expired by the application's clock are left out. The cursor is SCAN's own.
     */
    @Override
    public MemberScan scanMembers(Optional<String> cursor, int count) {
        if (count < 1) throw new IllegalArgumentException("count " + count);
        var params = new ScanParams().match(keys.membersPattern()).count(count);
        var page = redis.scan(cursor.orElse(ScanParams.SCAN_POINTER_START), params, "hash");
        var sessions = new ArrayList<SessionCode>();
        var hashes = new ArrayList<Response<Map<String, String>>>();
        try (var pipeline = redis.pipelined()) {
            for (var key : page.getResult()) {
                var session = keys.sessionOf(key, "members");
                if (session.isEmpty()) continue;
                sessions.add(session.get());
                hashes.add(pipeline.hgetAll(key));
            }
            pipeline.sync();
        }
        var found = new ArrayList<Membership>();
        for (int i = 0; i < sessions.size(); i++) {
            var fields = new HashMap<>(hashes.get(i).get());
            var expiresAt = fields.remove(EXPIRES_AT);
            if (expiresAt == null || !isLive(instant(expiresAt))) continue;
            var session = sessions.get(i);
            fields.forEach((id, record) ->
                    found.add(new Membership(session, MemberRecords.fromSession(new MemberId(id), record))));
        }
        var next = page.isCompleteIteration() ? Optional.<String>empty() : Optional.of(page.getCursor());
        return new MemberScan(found, next);
    }

    /** The member's record while its session is live by the application's clock. */
    private Optional<String> record(SessionCode session, MemberId member) {
        var values = redis.hmget(keys.members(session), EXPIRES_AT, member.value());
        var expiresAt = values.get(0);
        var record = values.get(1);
        if (expiresAt == null || record == null || !isLive(instant(expiresAt))) return Optional.empty();
        return Optional.of(record);
    }

    private boolean isLive(Instant expiresAt) {
        return clock.instant().isBefore(expiresAt);
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : reply.toString();
    }
}
