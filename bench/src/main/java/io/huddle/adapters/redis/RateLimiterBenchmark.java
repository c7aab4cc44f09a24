package io.huddle.adapters.redis;

import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.limit.Verdict;
import io.huddle.domain.member.MemberToken;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/**
 * {@code sliding_window.lua} through {@link RedisRateLimiter} against the Redis of {@code REDIS_URL}, under
 * a key prefix of its own that is deleted at the end: the checks of a WebSocket {@code message:send}
 * ({@code message} and {@code burst} per member, {@code message-ip} per address) from 8 senders behind one
 * address, with every limit at 999,999,999 per window as the shared harness sets them (so every check is
 * allowed and written: the costliest path, and the sorted sets grow to rate × window entries, as they do
 * under the harness). {@code checkOneSend} is one EVALSHA per send; {@code checkEachEightSends} is one
 * EVALSHA for the 8 sends of a group commit, scored per send.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RateLimiterBenchmark {
    static final int SENDERS = 8;
    private static final int RAISED = 999_999_999;

    private RedisClient client;
    private String prefix;
    private RedisRateLimiter limiter;
    private List<List<LimitCheck>> group;
    private int next;

    @Setup
    public void setUp() {
        var url = Optional.ofNullable(System.getenv("REDIS_URL"))
                .orElseThrow(() -> new IllegalStateException("REDIS_URL must name the Redis to measure against"));
        prefix = "jmh" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        var settings = new RedisSettings(URI.create(url), List.of(), prefix, "jmh", Duration.ofSeconds(2), 4);
        client = RedisConnectionSettings.from(settings).pooledClient();
        limiter = new RedisRateLimiter(client, prefix);
        var policy = new LimitPolicy(new LimitPolicy.Tiers(
                Optional.of(new Limit(RAISED, Duration.ofSeconds(60))),
                Optional.of(new Limit(RAISED, Duration.ofSeconds(60))),
                Optional.of(new Limit(RAISED, Duration.ofSeconds(1))),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
        var random = new SplittableRandom(7);
        var checks = new ArrayList<List<LimitCheck>>();
        for (int i = 0; i < SENDERS; i++) {
            var member = MemberToken.generate(random).hash();
            checks.add(policy.checks(new LimitPolicy.Action.Frame(member, "127.0.0.1", true)));
        }
        group = List.copyOf(checks);
        if (!limiter.check(group.getFirst()).allowed()) throw new IllegalStateException("a raised limit refused");
    }

    @TearDown
    public void tearDown() {
        var params = new ScanParams().match(prefix + ":*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            var page = client.scan(cursor, params);
            if (!page.getResult().isEmpty()) client.unlink(page.getResult().toArray(String[]::new));
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        client.close();
    }

    @Benchmark
    public Verdict checkOneSend() {
        next = (next + 1) % SENDERS;
        return limiter.check(group.get(next));
    }

    @Benchmark
    @OperationsPerInvocation(SENDERS)
    public List<Verdict> checkEachEightSends() {
        return limiter.checkEach(group);
    }
}
