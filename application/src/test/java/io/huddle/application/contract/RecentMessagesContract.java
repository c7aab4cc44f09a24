package io.huddle.application.contract;

import static io.huddle.application.contract.TestSessions.member;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.Session;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RecentMessages} promises, for a copy of {@value #CAPACITY} messages per session.
 * Each test works in fresh sessions, so an implementation may share one backing store between tests.
 */
public abstract class RecentMessagesContract {
    protected static final int CAPACITY = 10;

    /** The time the copy sees; tests move it with {@link #passTime}. */
    protected final TestClock clock = TestClock.startingNow();

    private RecentMessages recent;
    private final Member alice = member("Alice", Role.MEMBER, clock.instant());
    /** Every message a test made, by session and seq, so expectations name seqs only. */
    private final Map<Session, Map<Long, Message>> made = new HashMap<>();

    /** The copy under test, keeping {@code capacity} messages per session, reading the time from {@code clock}. */
    protected abstract RecentMessages recent(int capacity, InstantSource clock);

    /**
     * Lets time pass for the copy. Override when it also expires entries by another clock (a server's
     * TTL), to make that clock agree.
     */
    protected void passTime(Duration duration) {
        clock.advance(duration);
    }

    @BeforeEach
    void open_recent() {
        recent = recent(CAPACITY, clock);
    }

    private Session session(Duration ttl) {
        return TestSessions.session(TestSessions.freshOwner(), clock.instant(), ttl, 100);
    }

    private Session session() {
        return session(Duration.ofHours(1));
    }

    private Message message(Session session, long seq) {
        return made.computeIfAbsent(session, s -> new HashMap<>())
                .computeIfAbsent(seq, s -> TestMessages.stored(session, alice, s, clock.instant()));
    }

    private void append(Session session, long... seqs) {
        for (long seq : seqs) recent.append(session, message(session, seq));
    }

    private void appendRange(Session session, long first, long last) {
        append(session, LongStream.rangeClosed(first, last).toArray());
    }

    private List<Message> messages(Session session, long first, long last) {
        return LongStream.rangeClosed(first, last)
                .mapToObj(seq -> message(session, seq))
                .toList();
    }

    private Optional<HistoryPage> page(Session session, HistoryQuery query, LogSpan span) {
        return recent.page(session.code(), query, span);
    }

    private Optional<HistoryPage> answer(Session session, long first, long last, boolean hasMore) {
        return Optional.of(new HistoryPage(messages(session, first, last), hasMore));
    }

    @Test
    void appended_messages_come_back_with_every_field_intact() {
        var session = session();
        var full = Message.stored(
                TestMessages.freshId(),
                1,
                session.code(),
                alice.id(),
                "Zoë \"the\" 🎻",
                TestMessages.full(),
                clock.instant().plusMillis(3));

        recent.append(session, full);

        assertThat(recent.latest(session.code(), 50)).containsExactly(full);
        assertThat(page(session, HistoryQuery.latest(50), new LogSpan(0, 1)))
                .contains(new HistoryPage(List.of(full), false));
    }

    @Test
    void only_the_newest_messages_up_to_the_capacity_are_kept() {
        var session = session();

        appendRange(session, 1, 15);

        assertThat(recent.latest(session.code(), 100)).isEqualTo(messages(session, 6, 15));
    }

    @Test
    void messages_appended_out_of_order_are_kept_in_seq_order() {
        var session = session();

        append(session, 3, 1, 2, 5, 4);

        assertThat(recent.latest(session.code(), 100)).isEqualTo(messages(session, 1, 5));
    }

    @Test
    void a_late_older_message_does_not_push_out_newer_ones() {
        var session = session();
        appendRange(session, 6, 15);

        append(session, 5);

        assertThat(recent.latest(session.code(), 100)).isEqualTo(messages(session, 6, 15));
    }

    @Test
    void the_same_seq_appended_twice_is_kept_once() {
        var session = session();

        append(session, 1, 2, 2, 1);

        assertThat(recent.latest(session.code(), 100)).isEqualTo(messages(session, 1, 2));
    }

    @Test
    void latest_gives_the_newest_held_messages_ascending() {
        var session = session();
        appendRange(session, 1, 15);

        assertThat(recent.latest(session.code(), 3)).isEqualTo(messages(session, 13, 15));
        assertThat(recent.latest(session.code(), 0)).isEmpty();
        assertThat(recent.latest(TestSessions.freshCode(), 3)).isEmpty();
    }

    @Test
    void concurrent_appends_keep_the_highest_seqs() throws Exception {
        var session = session();
        int threads = 8;
        var mine = new ArrayList<List<Message>>();
        for (int t = 0; t < threads; t++) {
            var messages = new ArrayList<Message>();
            for (long seq = t + 1; seq <= 80; seq += threads) messages.add(message(session, seq));
            mine.add(messages);
        }

        Concurrently.run(threads, index -> {
            mine.get(index).forEach(m -> recent.append(session, m));
            return null;
        });

        assertThat(recent.latest(session.code(), 100)).isEqualTo(messages(session, 71, 80));
    }

    @Test
    void a_page_inside_the_window_is_answered_with_has_more_from_the_span() {
        var session = session();
        appendRange(session, 1, 15);
        var span = new LogSpan(0, 15);

        assertThat(page(session, HistoryQuery.latest(5), span)).isEqualTo(answer(session, 11, 15, true));
        assertThat(page(session, HistoryQuery.latest(10), span)).isEqualTo(answer(session, 6, 15, true));
        assertThat(page(session, HistoryQuery.before(11, 5), span)).isEqualTo(answer(session, 6, 10, true));
        assertThat(page(session, HistoryQuery.after(8, 5), span)).isEqualTo(answer(session, 9, 13, true));
        assertThat(page(session, HistoryQuery.after(12, 5), span)).isEqualTo(answer(session, 13, 15, false));
        assertThat(page(session, HistoryQuery.after(5, 3), span)).isEqualTo(answer(session, 6, 8, true));
    }

    @Test
    void a_page_reaching_below_the_window_is_not_answered() {
        var session = session();
        appendRange(session, 1, 15);
        var span = new LogSpan(0, 15);

        assertThat(page(session, HistoryQuery.latest(11), span)).isEmpty();
        assertThat(page(session, HistoryQuery.before(10, 5), span)).isEmpty();
        assertThat(page(session, HistoryQuery.after(4, 5), span)).isEmpty();
    }

    @Test
    void a_small_log_held_whole_answers_every_page() {
        var session = session();
        appendRange(session, 1, 3);
        var span = new LogSpan(0, 3);

        assertThat(page(session, HistoryQuery.latest(50), span)).isEqualTo(answer(session, 1, 3, false));
        assertThat(page(session, HistoryQuery.before(2, 50), span)).isEqualTo(answer(session, 1, 1, false));
        assertThat(page(session, HistoryQuery.after(0, 50), span)).isEqualTo(answer(session, 1, 3, false));
    }

    @Test
    void a_missing_seq_inside_the_range_means_no_answer() {
        var session = session();
        append(session, 1, 2, 4, 5);
        var span = new LogSpan(0, 5);

        assertThat(page(session, HistoryQuery.latest(2), span)).isEqualTo(answer(session, 4, 5, true));
        assertThat(page(session, HistoryQuery.latest(3), span)).isEmpty();
        assertThat(page(session, HistoryQuery.after(1, 5), span)).isEmpty();
        assertThat(page(session, HistoryQuery.after(3, 5), span)).isEqualTo(answer(session, 4, 5, false));
        assertThat(page(session, HistoryQuery.before(3, 5), span)).isEqualTo(answer(session, 1, 2, false));
    }

    @Test
    void a_log_newer_than_the_window_means_no_answer_at_the_top() {
        var session = session();
        appendRange(session, 1, 5);
        var span = new LogSpan(0, 6);

        assertThat(page(session, HistoryQuery.latest(3), span)).isEmpty();
        assertThat(page(session, HistoryQuery.after(4, 5), span)).isEmpty();
        assertThat(page(session, HistoryQuery.before(5, 2), span)).isEqualTo(answer(session, 3, 4, true));
    }

    @Test
    void messages_the_span_no_longer_covers_are_never_answered() {
        var session = session();
        appendRange(session, 1, 5);
        var clearedThroughThree = new LogSpan(3, 5);

        assertThat(page(session, HistoryQuery.latest(50), clearedThroughThree)).isEqualTo(answer(session, 4, 5, false));
        assertThat(page(session, HistoryQuery.after(0, 50), clearedThroughThree))
                .isEqualTo(answer(session, 4, 5, false));
        assertThat(page(session, HistoryQuery.before(4, 50), clearedThroughThree))
                .contains(HistoryPage.EMPTY);
    }

    @Test
    void an_empty_answer_needs_no_held_message() {
        var session = session();

        assertThat(page(session, HistoryQuery.latest(50), LogSpan.EMPTY)).contains(HistoryPage.EMPTY);
        assertThat(page(session, HistoryQuery.after(5, 50), new LogSpan(0, 5))).contains(HistoryPage.EMPTY);
        assertThat(page(session, HistoryQuery.latest(50), new LogSpan(0, 1))).isEmpty();
    }

    @Test
    void clear_forgets_one_sessions_messages() {
        var cleared = session();
        var kept = session();
        appendRange(cleared, 1, 3);
        appendRange(kept, 1, 3);

        recent.clear(cleared.code());

        assertThat(recent.latest(cleared.code(), 50)).isEmpty();
        assertThat(page(cleared, HistoryQuery.latest(50), new LogSpan(0, 3))).isEmpty();
        assertThat(recent.latest(kept.code(), 50)).isEqualTo(messages(kept, 1, 3));
        append(cleared, 4);
        assertThat(recent.latest(cleared.code(), 50)).isEqualTo(messages(cleared, 4, 4));
    }

    @Test
    void sessions_do_not_see_each_others_messages() {
        var mine = session();
        var theirs = session();
        appendRange(mine, 1, 2);
        appendRange(theirs, 1, 4);

        assertThat(recent.latest(mine.code(), 50)).isEqualTo(messages(mine, 1, 2));
        assertThat(page(mine, HistoryQuery.latest(50), new LogSpan(0, 2))).isEqualTo(answer(mine, 1, 2, false));
        assertThat(page(mine, HistoryQuery.latest(50), new LogSpan(0, 4))).isEmpty();
    }

    @Test
    void messages_stay_until_the_last_millisecond_before_their_session_expires() {
        var session = session();
        appendRange(session, 1, 2);

        passTime(Duration.between(clock.instant(), session.expiresAt()).minusMillis(1));

        assertThat(recent.latest(session.code(), 50)).isEqualTo(messages(session, 1, 2));
    }

    @Test
    void messages_expire_with_their_session() {
        var session = session();
        var longer = session(Duration.ofHours(2));
        appendRange(session, 1, 2);
        appendRange(longer, 1, 2);

        passTime(Duration.between(clock.instant(), session.expiresAt()));

        assertThat(recent.latest(session.code(), 50)).isEmpty();
        assertThat(page(session, HistoryQuery.latest(50), new LogSpan(0, 2))).isEmpty();
        assertThat(recent.latest(longer.code(), 50)).isEqualTo(messages(longer, 1, 2));
    }
}
