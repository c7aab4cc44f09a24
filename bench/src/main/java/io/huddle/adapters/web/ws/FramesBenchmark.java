package io.huddle.adapters.web.ws;

import io.huddle.application.realtime.Broadcast;
import io.huddle.application.realtime.ClientRequest;
import io.huddle.application.realtime.ServerEvent;
import io.huddle.application.session.ListMembers.MemberView;
import io.huddle.application.session.SessionView;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The WebSocket edge's own work per message, without sockets: reading a {@code message:send} frame as the
 * shared harness sends it ({@code ref} and a 100-character content), writing the {@code message:new} and
 * {@code message:ack} frames of the stored message, and one {@code message:new} {@link Broadcast} to the
 * sockets of a session (encoded once, its bytes sliced per socket, as {@code Socket.send} does), and a
 * socket's {@code welcome} (the roster of a session of {@code members}, with the latest 50 messages).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FramesBenchmark {
    private String sendFrame;
    private ServerEvent.MessageNew messageNew;
    private ServerEvent.MessageAck messageAck;

    @Setup
    public void setUp() {
        var random = new SplittableRandom(7);
        // The harness's content: lg|session|seq|sendTime|warm|padding, 100 characters.
        String content = "lg|3|1234|12345.678|0|" + "x".repeat(78);
        sendFrame = "{\"type\":\"message:send\",\"ref\":\"1234\",\"content\":\"" + content + "\"}";
        var message = new Message(
                MessageId.generate(random),
                1234,
                new SessionCode("K7M2QX"),
                MemberId.generate(random),
                "m0",
                MessageKind.TEXT,
                content,
                Optional.empty(),
                Optional.empty(),
                Instant.parse("2026-11-21T10:30:45.123Z"));
        messageNew = new ServerEvent.MessageNew(message);
        messageAck = new ServerEvent.MessageAck(Optional.of("1234"), message);
    }

    /** A session's roster: the harness's join sessions hold about 100 members, a big session thousands. */
    @State(Scope.Thread)
    public static class Roster {
        @Param({"100", "1000"})
        int members;

        ServerEvent.Welcome welcome;

        @Setup
        public void setUp() {
            var random = new SplittableRandom(11);
            var at = Instant.parse("2026-11-21T10:30:45.123Z");
            var views = new ArrayList<MemberView>(members);
            for (int i = 0; i < members; i++) {
                var member = new Member(
                        MemberId.generate(random), "member " + i, Role.MEMBER, at.plusMillis(i), at.plusMillis(2L * i));
                views.add(new MemberView(member, i % 2 == 0));
            }
            var code = new SessionCode("K7M2QX");
            var session = new io.huddle.domain.session.Session(
                    code, OwnerId.ANONYMOUS, "a big room", 10_000, at, at.plusSeconds(86_400), at, Optional.empty());
            var messages = new ArrayList<Message>(50);
            for (int i = 0; i < 50; i++) {
                messages.add(new Message(
                        MessageId.generate(random),
                        i + 1,
                        code,
                        views.get(i % members).member().id(),
                        "member " + i,
                        MessageKind.TEXT,
                        "history message " + i + " of session K7M2QX",
                        Optional.empty(),
                        Optional.empty(),
                        at.plusMillis(i)));
            }
            welcome = new ServerEvent.Welcome(
                    views.getFirst().member(),
                    new SessionView(session, new Headcount(members / 2, members)),
                    views,
                    SharedState.NEVER_WRITTEN,
                    List.copyOf(messages),
                    false,
                    50,
                    25,
                    at);
        }
    }

    /** A socket's first frame: the session's roster, who is online, and the latest 50 messages. */
    @Benchmark
    public ByteBuffer encodeWelcome(Roster roster) {
        return Frames.encode(roster.welcome);
    }

    @Benchmark
    public ClientRequest parseMessageSend() {
        return ClientFrames.parse(sendFrame);
    }

    @Benchmark
    public ByteBuffer encodeMessageNew() {
        return Frames.encode(messageNew);
    }

    @Benchmark
    public ByteBuffer encodeMessageAck() {
        return Frames.encode(messageAck);
    }

    /** The sockets of one session on this gateway: the harness's fan-out has 10 members per session. */
    @State(Scope.Thread)
    public static class Session {
        @Param("10")
        int sockets;
    }

    /** One event to every socket of the session: the first socket encodes it, the others reuse the bytes. */
    @Benchmark
    public void broadcastMessageNew(Session session, Blackhole sent) {
        var shared = new Broadcast(messageNew);
        for (int i = 0; i < session.sockets; i++) {
            sent.consume(shared.encoded(Frames::encode).slice());
        }
    }
}
