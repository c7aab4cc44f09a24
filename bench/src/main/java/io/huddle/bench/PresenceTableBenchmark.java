package io.huddle.bench;

import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.runtime.store.FallbackPresenceStore;
import io.huddle.runtime.store.HotCopyRepairs;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A gateway's own presence table ({@link FallbackPresenceStore}, kept beside Redis whatever Redis does):
 * one session filled with {@code sockets} sockets, one member each, then emptied, as a session's sockets
 * open and close on one gateway (a classroom arriving, a gateway stopping). Every open and close asks
 * whether the member is on this gateway at all, under the gateway-wide lock. The shared store under it is
 * the in-memory one, whose own cost per socket is constant. Scored per whole fill and empty.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PresenceTableBenchmark {
    @Param({"100", "5000"})
    int sockets;

    private final InstantSource clock = InstantSource.system();
    private HotCopyRepairs repairs;
    private Session session;
    private MemberId[] members;
    private String[] socketIds;

    @Setup
    public void setUp() {
        repairs = new HotCopyRepairs();
        var now = Instant.now();
        session = new Session(
                new SessionCode("K7M2QX"),
                new OwnerId("bench"),
                "bench",
                sockets,
                now,
                now.plus(Duration.ofHours(1)),
                now,
                Optional.empty());
        members = new MemberId[sockets];
        socketIds = new String[sockets];
        for (int i = 0; i < sockets; i++) {
            members[i] = new MemberId("m_member" + i);
            socketIds[i] = "socket-" + i;
        }
    }

    @TearDown
    public void tearDown() {
        repairs.close();
    }

    @Benchmark
    public int fillAndEmpty() {
        var table = new FallbackPresenceStore(new InMemoryPresenceStore(clock), "gw-bench", repairs);
        int last = 0;
        for (int i = 0; i < sockets; i++) table.register(session, members[i], socketIds[i], "gw-bench");
        for (int i = 0; i < sockets; i++) {
            if (table.socketClosed(session.code(), members[i], socketIds[i])) last++;
        }
        return last;
    }
}
