package io.huddle.bench;

import io.huddle.application.UseCases;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.concurrency.ThreadScheduler;
import io.huddle.application.memory.InMemoryPorts;
import io.huddle.application.message.SendMessage;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.JoinSession;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import io.huddle.runtime.Infrastructure;
import io.huddle.runtime.logging.LogFormat;
import io.huddle.runtime.logging.Logging;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The send path below the edge: {@link SendMessage#submit} of a WebSocket {@code message:send} (its limits
 * counted in the group commit, every limit at 999,999,999 per window as the shared harness sets them) until
 * the commit completes it, through {@link UseCases#wire} as both apps wire it. {@code stores=memory} runs on
 * the in-memory ports; {@code stores=redis+postgres} on the stores of {@code REDIS_URL} and
 * {@code DATABASE_URL} wired by {@link Infrastructure} (a fresh schema, migrated, and a fresh key prefix, both
 * dropped at the end). Each iteration wires anew on one new session with 8 members, so the in-memory log
 * and limiter start empty. {@code sendOne}: one send at a time (the latency of a lone send);
 * {@code sendEightTogether}: the 8 members submit at once and wait for all (group commit), scored per send.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SendPathBenchmark {
    private static final int MEMBERS = 8;
    private static final int RAISED = 999_999_999;
    private static final String CONTENT = "lg|3|1234|12345.678|0|" + "x".repeat(78);

    @Param({"memory", "redis+postgres"})
    String stores;

    private BenchEnvironment environment;
    private Infrastructure infrastructure;
    private ThreadScheduler scheduler;
    private SendMessage send;
    private List<SendMessage.Command> commands;

    @Setup(Level.Trial)
    public void connect() {
        if (stores.equals("memory")) {
            Logging.configure(LogFormat.TEXT, "WARN", "bench");
            return;
        }
        environment = BenchEnvironment.fresh(Map.of());
        infrastructure =
                Infrastructure.start(environment.settings(), new SimpleMeterRegistry(), InstantSource.system());
    }

    @Setup(Level.Iteration)
    public void wire() {
        var clock = InstantSource.system();
        var ports = infrastructure == null ? InMemoryPorts.create(clock, 100) : infrastructure.ports();
        var settings = UseCases.Settings.defaults().withLimits(raisedLimits());
        scheduler = new ThreadScheduler();
        var useCases = UseCases.wire(ports, settings, clock, scheduler);
        send = useCases.sendMessage();
        var created = (CreateSession.Created) useCases.createSession()
                .handle(new CreateSession.Command(
                        new OwnerId("jmh"),
                        Optional.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        Optional.empty()));
        var code = created.session().session().code();
        var tokens = new ArrayList<MemberToken>();
        for (int i = 0; i < MEMBERS; i++) {
            var joined = (JoinSession.Joined) useCases.joinSession()
                    .handle(new JoinSession.Command(code, Optional.of("m" + i), Optional.empty()));
            tokens.add(joined.token());
        }
        commands = tokens.stream()
                .map(token -> command(useCases.authenticate(), code, token))
                .toList();
    }

    @TearDown(Level.Iteration)
    public void unwire() {
        scheduler.close();
    }

    @TearDown(Level.Trial)
    public void disconnect() throws SQLException {
        if (infrastructure == null) return;
        infrastructure.close();
        environment.cleanUp();
    }

    @Benchmark
    public SendMessage.Outcome sendOne() {
        return sent(send.handle(commands.getFirst()));
    }

    @Benchmark
    @OperationsPerInvocation(MEMBERS)
    public SendMessage.Outcome sendEightTogether() {
        var futures = new ArrayList<CompletableFuture<SendMessage.Outcome>>(MEMBERS);
        for (var command : commands) futures.add(send.submit(command));
        SendMessage.Outcome last = null;
        for (var future : futures) last = sent(future.join());
        return last;
    }

    private static SendMessage.Outcome sent(SendMessage.Outcome outcome) {
        if (!(outcome instanceof SendMessage.Sent)) throw new IllegalStateException("not stored: " + outcome);
        return outcome;
    }

    private static SendMessage.Command command(Authenticate authenticate, SessionCode code, MemberToken token) {
        var caller = ((Authenticate.Authenticated) authenticate.handle(Optional.of(token.reveal()))).caller();
        return new SendMessage.Command(
                caller,
                code,
                Optional.of(CONTENT),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(new LimitPolicy.Action.Frame(token.hash(), "127.0.0.1", true)));
    }

    /** As the shared harness starts the gateways: every tier on, at 999,999,999 per its window. */
    static LimitPolicy.Tiers raisedLimits() {
        var minute = Optional.of(new Limit(RAISED, Duration.ofSeconds(60)));
        var quarter = Optional.of(new Limit(RAISED, Duration.ofMinutes(15)));
        return new LimitPolicy.Tiers(
                minute,
                minute,
                Optional.of(new Limit(RAISED, Duration.ofSeconds(1))),
                minute,
                quarter,
                minute,
                quarter,
                quarter);
    }
}
