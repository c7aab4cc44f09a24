package io.huddle.adapters.redis;

import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageRelay;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The relay on Redis: for each session of a group commit one call of {@code relay.lua}, which adds the
 * stored messages to the session's recent copy ({@code <prefix>:{CODE}:recent}, as
 * {@link RedisRecentMessages} reads it), raises the session's hot copy's {@code lastActivityAt} to the
 * newest message's time, and publishes them, all of them in one payload, on the session's channel; the
 * calls of one group commit are pipelined, so the whole relay is one round trip.
 */
final class RedisMessageRelay implements MessageRelay {
    private static final LuaScript RELAY = LuaScript.load("relay.lua");

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final RedisEventBus bus;
    private final int capacity;
    private final InstantSource clock;

    RedisMessageRelay(UnifiedJedis redis, RedisKeys keys, RedisEventBus bus, int capacity, InstantSource clock) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity);
        this.redis = redis;
        this.keys = keys;
        this.bus = bus;
        this.capacity = capacity;
        this.clock = clock;
    }

    private record Call(List<byte[]> keys, List<byte[]> args) {}

    @Override
    public void relay(List<Stored> stored) {
        var now = clock.instant();
        var calls = new ArrayList<Call>(stored.size());
        for (var part : stored) {
            // A session past its expiry keeps no copy (PEXPIREAT in the past would delete it) and has no sockets.
            if (!now.isBefore(part.session().expiresAt())) continue;
            calls.add(call(part));
        }
        if (calls.isEmpty()) return;
        if (calls.size() == 1) {
            var only = calls.getFirst();
            RELAY.runBinary(redis, only.keys(), only.args());
            return;
        }
        var queued = new ArrayList<Response<Object>>(calls.size());
        try (var pipeline = redis.pipelined()) {
            for (var call : calls) queued.add(RELAY.queueBinary(pipeline, call.keys(), call.args()));
            pipeline.sync();
        }
        for (int i = 0; i < calls.size(); i++) {
            RELAY.resultBinary(
                    queued.get(i), redis, calls.get(i).keys(), calls.get(i).args());
        }
    }

    private Call call(Stored part) {
        var session = part.session();
        var messages = part.messages();
        var args = new ArrayList<byte[]>(5 + 2 * messages.size());
        args.add(bytes(Integer.toString(capacity)));
        args.add(bytes(Long.toString(session.expiresAt().toEpochMilli())));
        args.add(bytes(bus.channel(session.code())));
        args.add(EventCodec.encodeMessages(session.code(), messages, bus.instanceId()));
        args.add(bytes(Long.toString(messages.getLast().sentAt().toEpochMilli())));
        for (Message message : messages) {
            args.add(bytes(Long.toString(message.seq())));
            args.add(bytes(RecentRecords.encode(message, session.expiresAt())));
        }
        return new Call(List.of(bytes(keys.recent(session.code())), bytes(keys.session(session.code()))), args);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
