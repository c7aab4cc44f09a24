package io.huddle.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HistoryQueryTest {
    private final Violations violations = new Violations();

    private Optional<HistoryQuery> query(OptionalLong before, OptionalLong after, OptionalLong limit) {
        return HistoryQuery.of(before, after, limit, violations);
    }

    private List<String> fields() {
        return violations.list().stream().map(Violation::field).toList();
    }

    @Test
    void no_parameters_ask_for_the_latest_50() {
        assertThat(query(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()))
                .contains(HistoryQuery.latest(50));
    }

    @Test
    void before_and_after_are_positions() {
        assertThat(query(OptionalLong.of(10), OptionalLong.empty(), OptionalLong.of(5)))
                .contains(HistoryQuery.before(10, 5));
        assertThat(query(OptionalLong.empty(), OptionalLong.of(0), OptionalLong.of(100)))
                .contains(HistoryQuery.after(0, 100));
    }

    @Test
    void before_and_after_together_are_refused() {
        assertThat(query(OptionalLong.of(10), OptionalLong.of(2), OptionalLong.empty()))
                .isEmpty();
        assertThat(fields()).containsExactly("after");
    }

    @Test
    void limits_outside_1_to_100_and_negative_seqs_are_refused() {
        assertThat(query(OptionalLong.of(-1), OptionalLong.empty(), OptionalLong.of(0)))
                .isEmpty();
        assertThat(query(OptionalLong.empty(), OptionalLong.of(HistoryQuery.MAX_SEQ + 1), OptionalLong.of(101)))
                .isEmpty();
        assertThat(fields()).containsExactly("before", "limit", "after", "limit");
    }

    @Test
    void latest_takes_the_newest_and_has_more_when_older_remain() {
        var span = new LogSpan(0, 10);

        assertThat(HistoryQuery.latest(3).rangeIn(span)).isEqualTo(new HistoryRange(8, 10, true));
        assertThat(HistoryQuery.latest(10).rangeIn(span)).isEqualTo(new HistoryRange(1, 10, false));
        assertThat(HistoryQuery.latest(50).rangeIn(span)).isEqualTo(new HistoryRange(1, 10, false));
    }

    @Test
    void an_empty_log_answers_nothing_whatever_the_question() {
        for (var span : List.of(LogSpan.EMPTY, new LogSpan(7, 7))) {
            assertThat(HistoryQuery.latest(5).rangeIn(span).isEmpty()).isTrue();
            assertThat(HistoryQuery.before(3, 5).rangeIn(span).isEmpty()).isTrue();
            assertThat(HistoryQuery.after(0, 5).rangeIn(span).isEmpty()).isTrue();
            assertThat(HistoryQuery.latest(5).rangeIn(span).hasMore()).isFalse();
        }
    }

    @Test
    void before_pages_back_and_has_more_until_the_oldest_held() {
        var span = new LogSpan(0, 10);

        assertThat(HistoryQuery.before(8, 3).rangeIn(span)).isEqualTo(new HistoryRange(5, 7, true));
        assertThat(HistoryQuery.before(4, 3).rangeIn(span)).isEqualTo(new HistoryRange(1, 3, false));
        assertThat(HistoryQuery.before(3, 5).rangeIn(span)).isEqualTo(new HistoryRange(1, 2, false));
        assertThat(HistoryQuery.before(1, 5).rangeIn(span).size()).isZero();
        assertThat(HistoryQuery.before(99, 2).rangeIn(span)).isEqualTo(new HistoryRange(9, 10, true));
    }

    @Test
    void after_catches_up_and_has_more_until_the_newest() {
        var span = new LogSpan(0, 10);

        assertThat(HistoryQuery.after(2, 3).rangeIn(span)).isEqualTo(new HistoryRange(3, 5, true));
        assertThat(HistoryQuery.after(7, 3).rangeIn(span)).isEqualTo(new HistoryRange(8, 10, false));
        assertThat(HistoryQuery.after(10, 3).rangeIn(span).size()).isZero();
        assertThat(HistoryQuery.after(HistoryQuery.MAX_SEQ, 100).rangeIn(span).hasMore())
                .isFalse();
    }

    @Test
    void cleared_messages_are_never_in_a_range() {
        var span = new LogSpan(20, 30);

        assertThat(HistoryQuery.latest(50).rangeIn(span)).isEqualTo(new HistoryRange(21, 30, false));
        assertThat(HistoryQuery.before(25, 50).rangeIn(span)).isEqualTo(new HistoryRange(21, 24, false));
        assertThat(HistoryQuery.before(21, 50).rangeIn(span).size()).isZero();
        assertThat(HistoryQuery.after(0, 5).rangeIn(span)).isEqualTo(new HistoryRange(21, 25, true));
    }
}
