package io.huddle.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final Limit LIMIT = new Limit(10, Duration.ofSeconds(60));
    private static final List<LimitCheck> CHECKS =
            List.of(new LimitCheck("a", "k", LIMIT), new LimitCheck("b", "k", LIMIT), new LimitCheck("c", "k", LIMIT));

    private static Decision allowed(int remaining) {
        return Decision.allowed(LIMIT, remaining, Duration.ofSeconds(1));
    }

    private static Decision refused(int seconds) {
        return Decision.refused(LIMIT, Duration.ofSeconds(seconds));
    }

    @Test
    void a_refusal_is_answered_by_the_refusing_tier_with_the_longest_wait() {
        var verdict = Verdict.of(CHECKS, List.of(refused(5), allowed(0), refused(30)));

        assertThat(verdict).isEqualTo(new Verdict("c", refused(30)));
    }

    @Test
    void an_allowed_request_is_answered_by_the_tier_with_the_fewest_remaining_the_first_on_a_tie() {
        assertThat(Verdict.of(CHECKS, List.of(allowed(7), allowed(3), allowed(3))))
                .isEqualTo(new Verdict("b", allowed(3)));
    }

    @Test
    void every_check_needs_its_decision() {
        assertThatThrownBy(() -> Verdict.of(CHECKS, List.of(allowed(1)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.of(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_tier_is_a_short_lowercase_name_and_a_key_is_not_empty() {
        assertThatThrownBy(() -> new LimitCheck("Message", "k", LIMIT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LimitCheck("a:b", "k", LIMIT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LimitCheck("a", "", LIMIT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new LimitCheck("join-fail", "*", LIMIT).tier()).isEqualTo("join-fail");
    }
}
