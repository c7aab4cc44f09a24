package io.huddle.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.limit.Decision;
import io.huddle.domain.limit.Limit;
import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.limit.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} promises. The limiter reads the time from {@code clock} (a Redis
 * limiter gets it through its test-only time source), so schedules are exact. Each test uses keys of
 * its own. Windows are at least 10 s, so a store that also expires keys by its own clock keeps them
 * for the whole test.
 */
public abstract class RateLimiterContract {
    /** Random schedules run through the port, each of up to {@link #REQUESTS} requests. */
    protected static final int SCHEDULES = 60;

    protected static final int REQUESTS = 150;

    protected final TestClock clock = TestClock.startingNow();
    private RateLimiter limiter;

    /** The limiter under test, reading the time from {@code clock}; called before each test. */
    protected abstract RateLimiter limiter(InstantSource clock);

    @BeforeEach
    void open_limiter() {
        limiter = limiter(clock);
    }

    private static String fresh(String what) {
        return what + "-" + UUID.randomUUID();
    }

    private static Limit limit(int count, Duration window) {
        return new Limit(count, window);
    }

    private Verdict check(LimitCheck... checks) {
        return limiter.check(List.of(checks));
    }

    @Test
    void count_requests_are_allowed_and_the_next_waits_exactly_until_the_oldest_leaves_the_window() {
        var tier = new LimitCheck("message", fresh("member"), limit(3, Duration.ofSeconds(10)));

        var first = check(tier);
        clock.advance(Duration.ofSeconds(1));
        var second = check(tier);
        clock.advance(Duration.ofSeconds(1));
        var third = check(tier);
        clock.advance(Duration.ofSeconds(1));
        var fourth = check(tier);

        assertThat(first.decision()).isEqualTo(Decision.allowed(tier.limit(), 2, Duration.ofSeconds(10)));
        assertThat(second.decision()).isEqualTo(Decision.allowed(tier.limit(), 1, Duration.ofSeconds(9)));
        assertThat(third.decision()).isEqualTo(Decision.allowed(tier.limit(), 0, Duration.ofSeconds(8)));
        assertThat(fourth).isEqualTo(new Verdict("message", Decision.refused(tier.limit(), Duration.ofSeconds(7))));

        clock.advance(Duration.ofSeconds(7).minusNanos(1_000));
        assertThat(check(tier).decision()).isEqualTo(Decision.refused(tier.limit(), Duration.ofNanos(1_000)));
        clock.advance(Duration.ofNanos(1_000));
        assertThat(check(tier).allowed()).isTrue();
    }

    @Test
    void a_burst_across_a_fixed_window_boundary_is_refused() {
        var window = Duration.ofSeconds(10);
        var tier = new LimitCheck("burst", fresh("member"), limit(3, window));
        var boundary =
                Instant.ofEpochSecond((clock.instant().getEpochSecond() / window.toSeconds() + 1) * window.toSeconds());
        clock.set(boundary.minusMillis(1));

        for (int i = 0; i < 3; i++) assertThat(check(tier).allowed()).isTrue();
        clock.set(boundary);

        assertThat(check(tier).allowed()).isFalse();
    }

    @Test
    void a_request_refused_by_one_tier_is_counted_by_none() {
        var member = new LimitCheck("message", fresh("member"), limit(3, Duration.ofSeconds(60)));
        var ip = new LimitCheck("message-ip", fresh("ip"), limit(1, Duration.ofSeconds(60)));
        assertThat(check(member, ip).allowed()).isTrue();

        for (int i = 0; i < 5; i++) assertThat(check(member, ip).tier()).isEqualTo("message-ip");

        assertThat(check(member).decision().remaining()).isEqualTo(1);
        assertThat(check(member).decision().remaining()).isEqualTo(0);
        assertThat(check(member).allowed()).isFalse();
    }

    @Test
    void a_check_only_tier_refuses_when_its_window_is_full_but_never_counts() {
        var failures = new LimitCheck("join-fail", fresh("global"), limit(2, Duration.ofSeconds(60)));
        var gate = LimitCheck.checkOnly(failures.tier(), failures.key(), failures.limit());
        var join = new LimitCheck("join", fresh("ip"), limit(100, Duration.ofSeconds(60)));

        for (int i = 0; i < 5; i++) assertThat(check(join, gate).allowed()).isTrue();
        assertThat(check(failures).allowed()).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(check(failures).allowed()).isTrue();
        var refused = check(join, gate);

        assertThat(refused).isEqualTo(new Verdict("join-fail", Decision.refused(gate.limit(), Duration.ofSeconds(50))));
        assertThat(check(join).decision().remaining()).isEqualTo(94);
    }

    @Test
    void a_refusal_names_the_refusing_tier_with_the_longest_retry_after() {
        var shortWait = new LimitCheck("burst", fresh("member"), limit(1, Duration.ofSeconds(10)));
        var longWait = new LimitCheck("strict", fresh("member"), limit(1, Duration.ofSeconds(60)));
        var roomy = new LimitCheck("api", fresh("ip"), limit(100, Duration.ofSeconds(60)));
        check(shortWait, longWait);
        clock.advance(Duration.ofSeconds(5));

        var verdict = check(shortWait, roomy, longWait);

        assertThat(verdict)
                .isEqualTo(new Verdict("strict", Decision.refused(longWait.limit(), Duration.ofSeconds(55))));
    }

    @Test
    void an_allowed_request_reports_the_tier_with_the_fewest_remaining() {
        var roomy = new LimitCheck("api", fresh("ip"), limit(100, Duration.ofSeconds(60)));
        var tight = new LimitCheck("strict", fresh("member"), limit(3, Duration.ofSeconds(30)));

        var verdict = check(roomy, tight);

        assertThat(verdict)
                .isEqualTo(new Verdict("strict", Decision.allowed(tight.limit(), 2, Duration.ofSeconds(30))));
    }

    @Test
    void tiers_and_keys_count_apart() {
        var key = fresh("same");
        var one = limit(1, Duration.ofSeconds(60));
        assertThat(check(new LimitCheck("connect", key, one)).allowed()).isTrue();

        assertThat(check(new LimitCheck("join", key, one)).allowed()).isTrue();
        assertThat(check(new LimitCheck("connect", key + "-other", one)).allowed())
                .isTrue();
        assertThat(check(new LimitCheck("connect", key, one)).allowed()).isFalse();
    }

    @Test
    void a_clock_stepping_back_does_not_reopen_the_window() {
        var tier = new LimitCheck("burst", fresh("member"), limit(2, Duration.ofSeconds(10)));
        check(tier);
        check(tier);
        clock.advance(Duration.ofSeconds(-5));

        assertThat(check(tier).decision()).isEqualTo(Decision.refused(tier.limit(), Duration.ofSeconds(10)));
    }

    @Test
    void concurrent_checks_of_one_key_allow_exactly_count() throws Exception {
        var tier = new LimitCheck("join-fail", fresh("global"), limit(20, Duration.ofSeconds(60)));

        var allowed = Concurrently.run(8, i -> {
            int n = 0;
            for (int j = 0; j < 10; j++) if (check(tier).allowed()) n++;
            return n;
        });

        assertThat(allowed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
    }

    @Test
    void a_check_needs_a_limit_and_each_tier_and_key_at_most_once() {
        var tier = new LimitCheck("api", fresh("ip"), limit(1, Duration.ofSeconds(60)));

        assertThatThrownBy(() -> limiter.check(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.check(List.of(tier, tier))).isInstanceOf(IllegalArgumentException.class);
        assertThat(check(tier).allowed()).isTrue();
    }

    /**
     * Random multi-tier schedules against a brute-force model that keeps every accepted time of every
     * (tier, key) and recounts the window for each request: allowed or not, the answering tier,
     * remaining, retryAfter and reset must all be exactly the model's.
     */
    @Test
    void random_schedules_over_several_tiers_match_a_brute_force_model_exactly() {
        var random = new Random(0x11D17L);
        int allowed = 0;
        int refused = 0;
        for (int s = 0; s < SCHEDULES; s++) {
            var run = fresh("s" + s);
            var member = limit(1 + random.nextInt(6), randomWindow(random));
            var ip = limit(1 + random.nextInt(10), randomWindow(random));
            var global = limit(1 + random.nextInt(15), randomWindow(random));
            var model = new Model();
            int requests = 1 + random.nextInt(REQUESTS);
            for (int r = 0; r < requests; r++) {
                clock.advance(gap(random, member.window()));
                var checks = new ArrayList<LimitCheck>();
                checks.add(new LimitCheck("burst", run + "-m" + random.nextInt(2), member));
                if (random.nextInt(3) > 0) checks.add(new LimitCheck("message-ip", run + "-ip", ip));
                if (random.nextInt(3) == 0)
                    checks.add(new LimitCheck("join-fail", run + "-all", global, random.nextBoolean()));
                Collections.shuffle(checks, random);

                var expected = model.check(checks, micros(clock.instant()));
                var actual = limiter.check(checks);

                assertThat(actual)
                        .as("schedule %d request %d at %s: %s", s, r, clock.instant(), checks)
                        .isEqualTo(expected);
                if (actual.allowed()) allowed++;
                else refused++;
            }
        }
        assertThat(allowed).isGreaterThan(SCHEDULES * 5);
        assertThat(refused).isGreaterThan(SCHEDULES * 5);
    }

    /**
     * Groups of requests checked together (as a group commit checks its sends) decide exactly as the
     * model deciding them one after the other at that moment: a later request sees what the earlier ones
     * counted, and a refused one counts in no tier.
     */
    @Test
    void requests_checked_together_decide_in_order_as_one_by_one() {
        var random = new Random(0x6C0FFEEL);
        int refused = 0;
        for (int s = 0; s < SCHEDULES / 4; s++) {
            var run = fresh("g" + s);
            var member = limit(1 + random.nextInt(6), randomWindow(random));
            var ip = limit(1 + random.nextInt(12), randomWindow(random));
            var model = new Model();
            for (int g = 0; g < 1 + random.nextInt(20); g++) {
                clock.advance(gap(random, member.window()));
                var group = new ArrayList<List<LimitCheck>>();
                for (int r = 0; r < 1 + random.nextInt(8); r++) {
                    group.add(List.of(
                            new LimitCheck("message", run + "-m" + random.nextInt(3), member),
                            new LimitCheck("message-ip", run + "-ip", ip)));
                }
                long now = micros(clock.instant());
                var expected =
                        group.stream().map(checks -> model.check(checks, now)).toList();

                var actual = limiter.checkEach(group);

                assertThat(actual).as("schedule %d group %d: %s", s, g, group).isEqualTo(expected);
                refused += (int) actual.stream().filter(v -> !v.allowed()).count();
            }
        }
        assertThat(refused).isPositive();
        assertThat(limiter.checkEach(List.of())).isEmpty();
    }

    private static Duration randomWindow(Random random) {
        return Duration.ofMillis(10_000 + random.nextInt(110_000));
    }

    /** Mostly the gaps that matter: none, around the rate, the window itself, a fixed-window boundary. */
    private Duration gap(Random random, Duration window) {
        long w = window.toNanos() / 1_000;
        long now = micros(clock.instant());
        long micros = switch (random.nextInt(7)) {
            case 0, 1 -> 0;
            case 2 -> Math.floorMod(random.nextLong(), w / 4 + 1);
            case 3 -> Math.floorMod(random.nextLong(), w);
            case 4 -> w - Math.floorMod(now, w) - 1;
            case 5 -> w;
            default -> Math.floorMod(random.nextLong(), 2 * w);
        };
        return Duration.of(micros, ChronoUnit.MICROS);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    /** Every accepted time of every (tier, key), recounted for each request. */
    private static final class Model {
        private final Map<List<String>, List<Long>> accepted = new HashMap<>();

        Verdict check(List<LimitCheck> checks, long now) {
            var decisions = new ArrayList<Decision>();
            for (var check : checks) decisions.add(decide(times(check), check.limit(), now));
            if (decisions.stream().allMatch(Decision::allowed))
                checks.stream().filter(LimitCheck::counted).forEach(c -> times(c).add(now));
            return Verdict.of(checks, decisions);
        }

        private List<Long> times(LimitCheck check) {
            return accepted.computeIfAbsent(List.of(check.tier(), check.key()), k -> new ArrayList<>());
        }

        private static Decision decide(List<Long> times, Limit limit, long now) {
            long window = limit.windowMicros();
            int inWindow = inWindow(times, window, now);
            if (inWindow < limit.count()) {
                var withThis = new ArrayList<>(times);
                withThis.add(now);
                return Decision.allowed(
                        limit, limit.count() - inWindow - 1, micros(firstDrop(withThis, window, now, inWindow + 1)));
            }
            return Decision.refused(limit, micros(firstDrop(times, window, now, limit.count())));
        }

        /** Accepted times in (now - window, now]. */
        private static int inWindow(List<Long> times, long window, long now) {
            int n = 0;
            for (long t : times) if (t > now - window && t <= now) n++;
            return n;
        }

        /** The first wait after which fewer than {@code from} accepted times are in the window. */
        private static long firstDrop(List<Long> times, long window, long now, int from) {
            return times.stream()
                    .map(t -> t + window - now)
                    .filter(wait -> wait > 0)
                    .sorted()
                    .filter(wait -> inWindow(times, window, now + wait) < from)
                    .findFirst()
                    .orElseThrow();
        }

        private static Duration micros(long amount) {
            return Duration.of(amount, ChronoUnit.MICROS);
        }
    }

    /**
     * The clock stepping back (an NTP correction, a virtual machine resumed; Redis's own for the shared limiter)
     * locks no key out for the step's length: a log more than a whole window ahead of now is forgotten. Before, now
     * was pinned to the newest request, so a key at its limit stayed refused for the whole step.
     */
    @Test
    void a_clock_stepped_back_locks_a_full_key_out_for_no_longer_than_its_window() {
        var check = new LimitCheck("clock-step", fresh("k"), limit(5, Duration.ofSeconds(10)));
        for (int i = 0; i < 5; i++) assertThat(check(check).allowed()).isTrue();
        assertThat(check(check).allowed()).isFalse();

        clock.advance(Duration.ofMinutes(-10));
        clock.advance(Duration.ofSeconds(11));

        assertThat(check(check).allowed()).as("11 s after a 10 s window filled").isTrue();
    }
}
