package io.huddle.adapters.redis;

import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Each session's newest messages in one sorted set ({@code <prefix>:{CODE}:recent}), scored by seq,
 * one member per seq ({@link RecentRecords}), trimmed by rank to the capacity and expiring (PEXPIREAT)
 * with the session, all in one script call per append ({@code recent-append.lua}). A page is one
 * ZRANGEBYSCORE over exactly the seqs the span says answer the query: as many members as seqs means
 * the copy holds every one of them (one member per seq), anything less sends the reader to the log.
 * Redis expires the key by its own clock; reads also compare the session's {@code expiresAt}, carried
 * in every member, with the application's clock. Redis out of reach is {@code StoreUnavailable}.
 */
final class RedisRecentMessages implements RecentMessages {
    private static final LuaScript APPEND = LuaScript.load("recent-append.lua");

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final int capacity;
    private final InstantSource clock;

    RedisRecentMessages(UnifiedJedis redis, RedisKeys keys, int capacity, InstantSource clock) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity);
        this.redis = redis;
        this.keys = keys;
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public void append(Session session, Message message) {
        // PEXPIREAT in the past would delete the key; a dead session's copy has nothing to keep.
        if (!isLive(session.expiresAt())) return;
        var args = List.of(
                Long.toString(message.seq()),
                RecentRecords.encode(message, session.expiresAt()),
                Integer.toString(capacity),
                Long.toString(session.expiresAt().toEpochMilli()));
        APPEND.run(redis, List.of(keys.recent(session.code())), args);
    }

    @Override
    public Optional<HistoryPage> page(SessionCode session, HistoryQuery query, LogSpan span) {
        var range = query.rangeIn(span);
        if (range.isEmpty()) return Optional.of(HistoryPage.EMPTY);
        var records = redis.zrangeByScore(keys.recent(session), range.first(), range.last());
        if (records.size() != range.size()) return Optional.empty();
        var held = decode(session, records);
        if (held.isEmpty()) return Optional.empty();
        for (int i = 0; i < held.size(); i++) {
            // One member per seq is what the append script keeps; this only guards against a foreign writer.
            if (held.get(i).seq() != range.first() + i) return Optional.empty();
        }
        return Optional.of(new HistoryPage(held, range.hasMore()));
    }

    @Override
    public List<Message> latest(SessionCode session, int count) {
        if (count < 0) throw new IllegalArgumentException("count " + count);
        if (count == 0) return List.of();
        var newestFirst = redis.zrevrangeByScore(keys.recent(session), Double.POSITIVE_INFINITY, 1, 0, count);
        return decode(session, newestFirst).reversed();
    }

    @Override
    public void clear(SessionCode session) {
        redis.unlink(keys.recent(session));
    }

    /** The messages in {@code records}, in their order; none when the session has expired by the application's clock. */
    private List<Message> decode(SessionCode session, List<String> records) {
        var messages = new ArrayList<Message>(records.size());
        for (var record : records) {
            var held = RecentRecords.decode(session, record);
            if (!isLive(held.expiresAt())) return List.of();
            messages.add(held.message());
        }
        return messages;
    }

    private boolean isLive(Instant expiresAt) {
        return clock.instant().isBefore(expiresAt);
    }
}
