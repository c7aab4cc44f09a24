package io.huddle.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecentWindowTest {
    private static final SessionCode CODE = SessionCode.parse("K7M2QX").orElseThrow();
    private static final Random RANDOM = new Random(7);

    private static Message message(long seq) {
        return new Message(
                MessageId.generate(RANDOM),
                seq,
                CODE,
                MemberId.generate(RANDOM),
                "Bob",
                MessageKind.TEXT,
                "message " + seq,
                Optional.empty(),
                Optional.empty(),
                Instant.parse("2030-05-01T10:00:00Z"));
    }

    private static RecentWindow holding(long... seqs) {
        return new RecentWindow(
                LongStream.of(seqs).mapToObj(RecentWindowTest::message).toList());
    }

    private static Optional<List<Long>> seqs(Optional<HistoryPage> page) {
        return page.map(p -> p.messages().stream().map(Message::seq).toList());
    }

    private static Optional<Boolean> hasMore(Optional<HistoryPage> page) {
        return page.map(HistoryPage::hasMore);
    }

    @Test
    void an_empty_window_settles_nothing() {
        assertThat(holding().answer(HistoryQuery.latest(50))).isEmpty();
        assertThat(holding().answer(HistoryQuery.after(5, 50))).isEmpty();
    }

    @Test
    void the_latest_page_needs_seq_1_or_a_held_message_below_it_to_know_about_older_ones() {
        var fromTheStart = holding(1, 2, 3);
        assertThat(seqs(fromTheStart.answer(HistoryQuery.latest(50)))).contains(List.of(1L, 2L, 3L));
        assertThat(hasMore(fromTheStart.answer(HistoryQuery.latest(50)))).contains(false);
        assertThat(seqs(fromTheStart.answer(HistoryQuery.latest(2)))).contains(List.of(2L, 3L));
        assertThat(hasMore(fromTheStart.answer(HistoryQuery.latest(2)))).contains(true);

        var trimmedOrCleared = holding(8, 9, 10);
        assertThat(hasMore(trimmedOrCleared.answer(HistoryQuery.latest(2)))).contains(true);
        assertThat(trimmedOrCleared.answer(HistoryQuery.latest(3)))
                .as("is 7 cleared or trimmed?")
                .isEmpty();
    }

    @Test
    void only_the_run_of_seqs_ending_at_the_newest_is_used() {
        var gap = holding(1, 2, 3, 5, 6);
        assertThat(gap.answer(HistoryQuery.latest(50))).isEmpty();
        assertThat(gap.answer(HistoryQuery.after(1, 50))).isEmpty();
        assertThat(gap.answer(HistoryQuery.before(3, 50)))
                .as("below the gap is not trusted either")
                .isEmpty();
        assertThat(seqs(gap.answer(HistoryQuery.after(4, 50)))).contains(List.of(5L, 6L));
    }

    @Test
    void catching_up_from_inside_the_run_is_settled_and_past_the_newest_is_empty() {
        var window = holding(4, 5, 6, 7);
        assertThat(seqs(window.answer(HistoryQuery.after(3, 2)))).contains(List.of(4L, 5L));
        assertThat(hasMore(window.answer(HistoryQuery.after(3, 2)))).contains(true);
        assertThat(hasMore(window.answer(HistoryQuery.after(5, 50)))).contains(false);
        assertThat(window.answer(HistoryQuery.after(7, 50))).contains(HistoryPage.EMPTY);
        assertThat(window.answer(HistoryQuery.after(2, 50))).as("3 may exist").isEmpty();
    }

    @Test
    void paging_back_is_settled_when_the_page_and_the_one_below_it_are_held() {
        var window = holding(4, 5, 6, 7);
        assertThat(seqs(window.answer(HistoryQuery.before(7, 2)))).contains(List.of(5L, 6L));
        assertThat(hasMore(window.answer(HistoryQuery.before(7, 2)))).contains(true);
        assertThat(window.answer(HistoryQuery.before(6, 2))).as("is 3 there?").isEmpty();
        assertThat(seqs(window.answer(HistoryQuery.before(100, 1)))).contains(List.of(7L));
        assertThat(window.answer(HistoryQuery.before(1, 50))).contains(HistoryPage.EMPTY);
    }

    @Test
    void reach_covers_the_page_every_message_above_it_and_the_one_below() {
        assertThat(RecentWindow.reach(HistoryQuery.latest(50), 1_000)).isEqualTo(51);
        assertThat(RecentWindow.reach(HistoryQuery.before(991, 5), 1_000)).isEqualTo(16);
        assertThat(RecentWindow.reach(HistoryQuery.before(5_000, 5), 1_000)).isEqualTo(6);
        assertThat(RecentWindow.reach(HistoryQuery.after(990, 5), 1_000)).isEqualTo(10);
        assertThat(RecentWindow.reach(HistoryQuery.after(2_000, 5), 1_000)).isEqualTo(1);
    }
}
