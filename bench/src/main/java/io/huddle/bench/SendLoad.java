package io.huddle.bench;

import io.huddle.application.UseCases;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.auth.Caller;
import io.huddle.application.concurrency.ThreadScheduler;
import io.huddle.application.message.SendMessage;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.JoinSession;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import io.huddle.runtime.Infrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends messages through {@link SendMessage}, wired by {@link Infrastructure} to the real PostgreSQL
 * and Redis exactly as the gateway wires it, from {@code --threads} threads for {@code --seconds}
 * (after {@code --warmup} seconds not counted), and prints sends per second and the latency
 * percentiles of one send. {@code --sessions per-thread} gives every thread a session of its own;
 * {@code --sessions shared} sends from every thread into one session (appends to one session
 * serialize on its row lock). Every send carries a client message id, as the clients send them.
 *
 * <pre>bench/run.sh SendLoad --threads 4 --seconds 20 --warmup 5 --sessions per-thread</pre>
 */
public final class SendLoad {
    private SendLoad() {}

    public static void main(String[] args) throws Exception {
        var options = BenchEnvironment.options(args);
        int threads = Integer.parseInt(options.getOrDefault("threads", "4"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        boolean shared = switch (options.getOrDefault("sessions", "per-thread")) {
            case "shared" -> true;
            case "per-thread" -> false;
            default -> throw new IllegalArgumentException("--sessions is per-thread or shared");
        };
        var environment = BenchEnvironment.fresh(Map.of("DATABASE_POOL_MAX", Integer.toString(Math.max(threads, 2))));
        System.out.println("machine: " + BenchEnvironment.machine());
        try (var infrastructure =
                Infrastructure.start(environment.settings(), new SimpleMeterRegistry(), InstantSource.system())) {
            run(infrastructure, threads, seconds, warmup, shared);
            System.out.println("machine: " + BenchEnvironment.machine());
        } finally {
            environment.cleanUp();
        }
    }

    private static void run(Infrastructure infrastructure, int threads, int seconds, int warmup, boolean shared)
            throws InterruptedException {
        var clock = InstantSource.system();
        var scheduler = new ThreadScheduler();
        var useCases = UseCases.wire(infrastructure.ports(), UseCases.Settings.defaults(), clock, scheduler);
        var send = useCases.sendMessage();
        var create = useCases.createSession();
        var join = useCases.joinSession();
        var authenticate = useCases.authenticate();

        var callers = new ArrayList<Caller>();
        Optional<SessionCode> sharedSession = Optional.empty();
        for (int t = 0; t < threads; t++) {
            if (shared && sharedSession.isPresent()) {
                var joined = (JoinSession.Joined) join.handle(
                        new JoinSession.Command(sharedSession.get(), Optional.of("Sender " + t), Optional.empty()));
                callers.add(caller(authenticate, joined.token().reveal()));
                continue;
            }
            var created = (CreateSession.Created) create.handle(new CreateSession.Command(
                    new OwnerId("bench-" + t),
                    Optional.empty(),
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    Optional.empty()));
            sharedSession = Optional.of(created.session().session().code());
            callers.add(caller(authenticate, created.token().reveal()));
        }

        var perThread = new ArrayList<Latencies>();
        var failures = new AtomicLong();
        var start = new CountDownLatch(1);
        var done = new CountDownLatch(threads);
        long begin = System.nanoTime() + Duration.ofMillis(200).toNanos();
        long measureFrom = begin + Duration.ofSeconds(warmup).toNanos();
        long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
        for (int t = 0; t < threads; t++) {
            var caller = callers.get(t);
            var code = ((Caller.AsMember) caller).membership().session();
            var latencies = new Latencies();
            perThread.add(latencies);
            int index = t;
            Thread.ofPlatform().name("sender-" + t).start(() -> {
                try {
                    start.await();
                    for (long n = 0; ; n++) {
                        long sentAt = System.nanoTime();
                        if (sentAt >= end) break;
                        var outcome = send.handle(new SendMessage.Command(
                                caller,
                                code,
                                Optional.of("load message " + n + " from sender " + index),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of("c-" + index + "-" + n)));
                        long took = System.nanoTime() - sentAt;
                        if (!(outcome instanceof SendMessage.Sent)) failures.incrementAndGet();
                        else if (sentAt >= measureFrom) latencies.record(took);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
        }
        while (System.nanoTime() < begin) Thread.onSpinWait();
        start.countDown();
        done.await();

        var all = Latencies.merged(perThread);
        System.out.printf(
                "sessions=%s threads=%d seconds=%d warmup=%d sends=%d throughput=%.0f/s"
                        + " p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms failures=%d%n",
                shared ? "shared" : "per-thread",
                threads,
                seconds,
                warmup,
                all.count(),
                all.count() / (double) seconds,
                all.percentileMillis(50),
                all.percentileMillis(90),
                all.percentileMillis(99),
                all.percentileMillis(99.9),
                all.percentileMillis(100),
                failures.get());
        if (failures.get() > 0) throw new IllegalStateException(failures.get() + " sends were not stored");
    }

    private static Caller caller(Authenticate authenticate, String token) {
        return ((Authenticate.Authenticated) authenticate.handle(Optional.of(token))).caller();
    }
}
