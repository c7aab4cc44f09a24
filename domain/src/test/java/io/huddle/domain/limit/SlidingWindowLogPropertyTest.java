package io.huddle.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rule against a brute-force checker over thousands of random request schedules. The seed is
 * fixed so a failure repeats; the failing schedule is in the message.
 */
class SlidingWindowLogPropertyTest {
    private static final int SCHEDULES = 5_000;
    private static final long SEED = 0x5EED_2024L;

    @Test
    void the_log_never_lets_more_than_count_through_in_any_window_and_never_refuses_a_request_that_fits() {
        var random = new Random(SEED);
        int allowed = 0;
        int refused = 0;
        for (int n = 0; n < SCHEDULES; n++) {
            var schedule = Schedule.random(random);
            var decisions = run(schedule);
            var accepted = accepted(decisions);

            assertThat(SlidingWindowChecker.violation(schedule, accepted))
                    .as("schedule %d: %s", n, schedule)
                    .isEmpty();
            for (boolean a : accepted) {
                if (a) allowed++;
                else refused++;
            }
        }
        // The schedules are worth something only if they push the limit often.
        assertThat(allowed).isGreaterThan(100_000);
        assertThat(refused).isGreaterThan(100_000);
    }

    @Test
    void remaining_retry_after_and_reset_are_exact_in_every_decision() {
        var random = new Random(SEED + 1);
        for (int n = 0; n < SCHEDULES; n++) {
            var schedule = Schedule.random(random);

            assertThat(SlidingWindowChecker.wrongNumbers(schedule, run(schedule)))
                    .as("schedule %d: %s", n, schedule)
                    .isEmpty();
        }
    }

    @Test
    void the_checker_catches_a_fixed_window_counter_in_random_schedules() {
        var random = new Random(SEED);
        int caught = 0;
        for (int n = 0; n < SCHEDULES; n++) {
            var schedule = Schedule.random(random);
            var counter = new FixedWindowCounter();
            var accepted = new boolean[schedule.times().length];
            for (int i = 0; i < accepted.length; i++)
                accepted[i] = counter.allow(schedule.limit(), schedule.times()[i]);
            if (SlidingWindowChecker.violation(schedule, accepted).isPresent()) caught++;
        }

        assertThat(caught).isGreaterThan(SCHEDULES / 10);
    }

    @Test
    void the_checker_catches_the_boundary_burst_of_a_fixed_window_and_the_log_refuses_it() {
        var limit = new Limit(3, Duration.ofSeconds(60));
        long w = limit.windowMicros();
        var schedule = new Schedule(limit, new long[] {w - 1, w - 1, w - 1, w, w, w});
        var counter = new FixedWindowCounter();
        var fixed = new boolean[6];
        for (int i = 0; i < 6; i++) fixed[i] = counter.allow(limit, schedule.times()[i]);

        assertThat(fixed).containsExactly(true, true, true, true, true, true);
        assertThat(SlidingWindowChecker.violation(schedule, fixed)).isPresent();
        assertThat(accepted(run(schedule))).containsExactly(true, true, true, false, false, false);
    }

    @Test
    void the_checker_catches_a_limiter_that_is_too_strict() {
        var limit = new Limit(2, Duration.ofSeconds(1));
        long w = limit.windowMicros();
        var schedule = new Schedule(limit, new long[] {0, 1, w});

        assertThat(SlidingWindowChecker.violation(schedule, new boolean[] {true, true, false}))
                .isPresent();
        assertThat(SlidingWindowChecker.violation(schedule, new boolean[] {true, true, true}))
                .isEmpty();
    }

    private static List<Decision> run(Schedule schedule) {
        var log = new SlidingWindowLog();
        var decisions = new ArrayList<Decision>();
        for (long t : schedule.times()) {
            var decision = log.acquire(schedule.limit(), t);
            assertThat(log.size()).isLessThanOrEqualTo(schedule.limit().count());
            decisions.add(decision);
        }
        return decisions;
    }

    private static boolean[] accepted(List<Decision> decisions) {
        var accepted = new boolean[decisions.size()];
        for (int i = 0; i < accepted.length; i++) accepted[i] = decisions.get(i).allowed();
        return accepted;
    }
}
