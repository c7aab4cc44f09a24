package io.huddle.adapters.redis;

import io.huddle.domain.limit.Decision;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.limit.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Rate limits shared by every instance: one EVALSHA of {@code sliding_window.lua} per check, over
 * every tier of the request, or per group of requests ({@link #checkEach}). The script reads the time from Redis {@code TIME}, so instances with
 * skewed clocks agree; it keeps a sorted set of at most COUNT request times per
 * {@code <prefix>:{limit}:<tier>:<key>} (one slot for them all, see {@link #key}), which expires a window after its newest request.
 */
final class RedisRateLimiter implements RateLimiter {
    private static final String SCRIPT = resource("sliding_window.lua");
    private static final String SCRIPT_SHA = sha1(SCRIPT);

    private final UnifiedJedis client;
    private final String keyPrefix;
    private final Optional<InstantSource> testClock;

    RedisRateLimiter(UnifiedJedis client, String keyPrefix) {
        this(client, keyPrefix, Optional.empty());
    }

    private RedisRateLimiter(UnifiedJedis client, String keyPrefix, Optional<InstantSource> testClock) {
        this.client = client;
        this.keyPrefix = keyPrefix;
        this.testClock = testClock;
    }

    /** For tests only: the script takes the time from {@code clock} instead of Redis TIME. */
    static RedisRateLimiter withTestClock(UnifiedJedis client, String keyPrefix, InstantSource clock) {
        return new RedisRateLimiter(client, keyPrefix, Optional.of(clock));
    }

    @Override
    public Verdict check(List<LimitCheck> checks) {
        return checkEach(List.of(checks)).getFirst();
    }

    /** Every request in one EVALSHA: a group commit's sends cost one round trip together. */
    @Override
    public List<Verdict> checkEach(List<List<LimitCheck>> requests) {
        if (requests.isEmpty()) return List.of();
        var valid = requests.stream().map(LimitCheck::validated).toList();
        int size = valid.stream().mapToInt(List::size).sum();
        var keys = new ArrayList<String>(size);
        var args = new ArrayList<String>(2 + valid.size() + 3 * size);
        args.add(testClock.map(clock -> Long.toString(micros(clock.instant()))).orElse(""));
        args.add(Integer.toString(valid.size()));
        for (var checks : valid) {
            args.add(Integer.toString(checks.size()));
            for (var check : checks) {
                keys.add(key(check));
                args.add(Integer.toString(check.limit().count()));
                args.add(Long.toString(check.limit().windowMicros()));
                args.add(check.counted() ? "1" : "0");
            }
        }
        var reply = evaluate(keys, args);
        if (reply.size() != 4 * size) throw new IllegalStateException("unexpected reply " + reply);
        var verdicts = new ArrayList<Verdict>(valid.size());
        int at = 0;
        for (var checks : valid) {
            verdicts.add(Verdict.of(checks, decisions(checks, reply, at)));
            at += 4 * checks.size();
        }
        return verdicts;
    }

    /**
     * Every limit key carries the one hash tag {@code {limit}}: the tiers of one request count by different
     * keys (a member, an IP), and one script over all of them must run on one Redis Cluster node. So the
     * windows of every tier live in one slot, which keeps each check one atomic call.
     */
    String key(LimitCheck check) {
        return keyPrefix + ":{limit}:" + check.tier() + ":" + check.key();
    }

    private List<?> evaluate(List<String> keys, List<String> args) {
        try {
            return (List<?>) client.evalsha(SCRIPT_SHA, keys, args);
        } catch (JedisNoScriptException e) {
            // First use on this server, or after a restart or SCRIPT FLUSH: EVAL also caches the script.
            return (List<?>) client.eval(SCRIPT, keys, args);
        }
    }

    private static List<Decision> decisions(List<LimitCheck> checks, List<?> reply, int from) {
        var decisions = new ArrayList<Decision>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            var limit = checks.get(i).limit();
            boolean allowed = number(reply, from + 4 * i) == 1;
            int remaining = (int) number(reply, from + 4 * i + 1);
            var retryAfter = Duration.of(number(reply, from + 4 * i + 2), ChronoUnit.MICROS);
            var reset = Duration.of(number(reply, from + 4 * i + 3), ChronoUnit.MICROS);
            decisions.add(allowed ? Decision.allowed(limit, remaining, reset) : Decision.refused(limit, retryAfter));
        }
        return decisions;
    }

    private static long number(List<?> reply, int index) {
        return (Long) reply.get(index);
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static String resource(String name) {
        try (InputStream in = RedisRateLimiter.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the adapter's resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String script) {
        try {
            var digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
