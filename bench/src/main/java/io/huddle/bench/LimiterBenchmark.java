package io.huddle.bench;

import io.huddle.adapters.redis.RedisAdapters;
import io.huddle.adapters.redis.RedisSettings;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.TokenHash;
import io.huddle.runtime.limit.RateLimiters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;

/**
 * Limiter checks per second and p99 against a real Redis, side by side with {@code redis-benchmark}
 * running a trivial EVALSHA ({@code return 1}) at the same concurrency, in the same run, and the same
 * trivial EVALSHA from Java through a Jedis pool of the same size (what the client alone costs). Each
 * check is a {@code message:send}: three tiers (message, message-ip, burst) over 10,000 members and
 * 1,000 IPs, with limits high enough that nearly every check is allowed: the costliest path, which
 * records the request in all three sorted sets. The limiter is the one the gateway runs (metered, with
 * the fallback), on a fresh key prefix deleted afterwards.
 *
 * <p>Arguments: {@code [redis-url] [seconds per run] [concurrency…]}; defaults
 * {@code redis://127.0.0.1:6379 5 1 16 64}: {@code bench/run.sh LimiterBenchmark redis://127.0.0.1:6379 5 1 16 64}.
 */
public final class LimiterBenchmark {
    private static final int MEMBERS = 10_000;
    private static final int IPS = 1_000;

    private LimiterBenchmark() {}

    record Result(double perSecond, double p50Ms, double p99Ms, double allowedShare) {}

    public static void main(String[] args) throws Exception {
        var url = URI.create(args.length > 0 ? args[0] : "redis://127.0.0.1:6379");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int[] concurrency = args.length > 2
                ? Arrays.stream(args, 2, args.length)
                        .mapToInt(Integer::parseInt)
                        .toArray()
                : new int[] {1, 16, 64};
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        int poolMax = Arrays.stream(concurrency).max().orElse(1);
        var settings = new RedisSettings(url, List.of(), prefix, "bench", Duration.ofSeconds(2), poolMax);
        String sha;
        try (var jedis = new Jedis(url)) {
            sha = jedis.scriptLoad("return 1");
        }
        var policy = new LimitPolicy(new LimitPolicy.Tiers(
                Optional.of(new Limit(1_000, Duration.ofSeconds(60))),
                Optional.of(new Limit(100_000, Duration.ofSeconds(60))),
                Optional.of(new Limit(1_000, Duration.ofSeconds(1))),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
        var random = new SplittableRandom(42);
        var members = new TokenHash[MEMBERS];
        for (int i = 0; i < MEMBERS; i++)
            members[i] = MemberToken.generate(random).hash();

        System.out.printf(
                "%-11s | %-32s | %-32s | %-14s | %s%n",
                "concurrency",
                "limiter: checks/s, p50, p99",
                "redis-benchmark EVALSHA: /s, p50, p99",
                "ratio /s, p99",
                "Java EVALSHA: /s, p50, p99");
        try (var redis = RedisAdapters.connect(settings, new SimpleMeterRegistry())) {
            var limiter = RateLimiters.connected(
                    redis.rateLimiter(), () -> 1, InstantSource.system(), new SimpleMeterRegistry());
            var trivial = trivialEvalsha(url, poolMax, sha);
            run(limiter, policy, members, 1, 1); // warm-up: JIT, connections, script cache
            run(trivial, policy, members, 1, 1);
            for (int c : concurrency) {
                var ours = run(limiter, policy, members, c, seconds);
                var theirs = redisBenchmark(url, c, sha, (long) Math.max(10_000, ours.perSecond() * seconds));
                var java = run(trivial, policy, members, c, seconds);
                System.out.printf(
                        "%-11d | %9.0f/s %6.3f ms %6.3f ms | %9.0f/s %6.3f ms %6.3f ms | %5.2f, %6.2f | %9.0f/s %6.3f ms %6.3f ms"
                                + "   (%.0f%% allowed)%n",
                        c,
                        ours.perSecond(),
                        ours.p50Ms(),
                        ours.p99Ms(),
                        theirs.perSecond(),
                        theirs.p50Ms(),
                        theirs.p99Ms(),
                        ours.perSecond() / theirs.perSecond(),
                        ours.p99Ms() / theirs.p99Ms(),
                        java.perSecond(),
                        java.p50Ms(),
                        java.p99Ms(),
                        100 * ours.allowedShare());
            }
        } finally {
            try (var jedis = new Jedis(url)) {
                var keys = jedis.keys(prefix + ":*");
                if (!keys.isEmpty()) jedis.unlink(keys.toArray(String[]::new));
            }
        }
    }

    /** A "limiter" that runs the trivial script through a Jedis pool as large as the limiter's, allowing all. */
    private static RateLimiter trivialEvalsha(URI url, int poolMax, String sha) {
        var pool = new redis.clients.jedis.ConnectionPoolConfig();
        pool.setMaxTotal(poolMax);
        pool.setMaxIdle(poolMax);
        var client = redis.clients.jedis.RedisClient.builder()
                .hostAndPort(url.getHost(), url.getPort())
                .poolConfig(pool)
                .build();
        var always =
                io.huddle.domain.limit.Decision.allowed(new Limit(1, Duration.ofSeconds(1)), 0, Duration.ofSeconds(1));
        return checks -> {
            client.evalsha(sha, List.of(), List.of());
            return new io.huddle.domain.limit.Verdict("trivial", always);
        };
    }

    /** Latencies in whole microseconds up to 1 s (the last bucket holds anything longer), per thread. */
    private static final int BUCKETS = 1_000_001;

    private static Result run(RateLimiter limiter, LimitPolicy policy, TokenHash[] members, int threads, int seconds)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        var histograms = new ArrayList<long[]>();
        var allowed = new AtomicLong();
        var done = new CountDownLatch(threads);
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            var mine = new long[BUCKETS];
            histograms.add(mine);
            Thread.ofPlatform().start(() -> {
                var random = new SplittableRandom(thread);
                long ok = 0;
                while (System.nanoTime() < end) {
                    var member = new LimitPolicy.Requester.Member(members[random.nextInt(members.length)]);
                    var ip = "198.51." + random.nextInt(IPS / 250) + "." + random.nextInt(250);
                    var checks = policy.checks(new LimitPolicy.Action.SendMessage(ip, member));
                    long t0 = System.nanoTime();
                    if (limiter.check(checks).allowed()) ok++;
                    mine[(int) Math.min(BUCKETS - 1, (System.nanoTime() - t0) / 1_000)]++;
                }
                allowed.addAndGet(ok);
                done.countDown();
            });
        }
        done.await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        var merged = new long[BUCKETS];
        for (var histogram : histograms) for (int i = 0; i < BUCKETS; i++) merged[i] += histogram[i];
        long total = Arrays.stream(merged).sum();
        return new Result(
                total / elapsed,
                quantileMs(merged, total, 0.50),
                quantileMs(merged, total, 0.99),
                (double) allowed.get() / total);
    }

    /** The upper edge of the bucket holding the quantile: a latency is reported as at most this. */
    private static double quantileMs(long[] histogram, long total, double quantile) {
        long rank = (long) Math.ceil(total * quantile);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) return (i + 1) / 1000.0;
        }
        return histogram.length / 1000.0;
    }

    /** {@code redis-benchmark --csv} with {@code clients} connections running EVALSHA of {@code return 1}. */
    private static Result redisBenchmark(URI url, int clients, String sha, long requests)
            throws IOException, InterruptedException {
        var command = List.of(
                "redis-benchmark",
                "-h",
                url.getHost(),
                "-p",
                Integer.toString(url.getPort()),
                "-c",
                Integer.toString(clients),
                "-n",
                Long.toString(requests),
                "--csv",
                "evalsha",
                sha,
                "0");
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) if (line.startsWith("\"evalsha")) last = line;
        }
        if (process.waitFor() != 0 || last == null) throw new IllegalStateException("redis-benchmark failed");
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        var fields =
                Arrays.stream(last.split(",")).map(f -> f.replace("\"", "")).toArray(String[]::new);
        return new Result(
                Double.parseDouble(fields[1]), Double.parseDouble(fields[4]), Double.parseDouble(fields[6]), 1);
    }
}
