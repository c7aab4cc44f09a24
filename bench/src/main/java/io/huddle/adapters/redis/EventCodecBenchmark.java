package io.huddle.adapters.redis;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The event bus's payloads: one group commit's messages of one session written by {@link EventCodec} as
 * the relay publishes them, and read back as every other gateway does, for a batch of one message (a quiet
 * session) and of ten (a busy one). Messages as the harness sends them: a 100-character content, no data.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventCodecBenchmark {
    private static final String ORIGIN = "huddle-3301";

    private SessionCode session;
    private List<Message> one;
    private List<Message> ten;
    private byte[] onePayload;
    private byte[] tenPayload;

    @Setup
    public void setUp() {
        var random = new SplittableRandom(7);
        session = new SessionCode("K7M2QX");
        var sender = MemberId.generate(random);
        var sentAt = Instant.parse("2026-11-21T10:30:45.123456789Z");
        var messages = new ArrayList<Message>();
        for (int seq = 1; seq <= 10; seq++) {
            messages.add(new Message(
                    MessageId.generate(random),
                    seq,
                    session,
                    sender,
                    "m0",
                    MessageKind.TEXT,
                    "lg|3|" + seq + "|12345.678|0|" + "x".repeat(80),
                    Optional.empty(),
                    Optional.empty(),
                    sentAt.plusMillis(seq)));
        }
        one = List.copyOf(messages.subList(0, 1));
        ten = List.copyOf(messages);
        onePayload = EventCodec.encodeMessages(session, one, ORIGIN);
        tenPayload = EventCodec.encodeMessages(session, ten, ORIGIN);
        if (EventCodec.decode(tenPayload).orElseThrow().events().size() != 10) {
            throw new IllegalStateException("the codec does not read back what it wrote");
        }
    }

    @Benchmark
    public byte[] encodeOneMessage() {
        return EventCodec.encodeMessages(session, one, ORIGIN);
    }

    @Benchmark
    public byte[] encodeTenMessages() {
        return EventCodec.encodeMessages(session, ten, ORIGIN);
    }

    @Benchmark
    public Optional<EventCodec.Decoded> decodeOneMessage() {
        return EventCodec.decode(onePayload);
    }

    @Benchmark
    public Optional<EventCodec.Decoded> decodeTenMessages() {
        return EventCodec.decode(tenPayload);
    }
}
