package io.huddle.application.contract;

import static io.huddle.application.contract.TestMessages.freshId;
import static io.huddle.application.contract.TestMessages.text;
import static io.huddle.application.contract.TestMessages.withClientId;
import static io.huddle.application.contract.TestSessions.member;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageId;
import io.huddle.domain.message.MessageKind;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.MessageLog.Appended;
import io.huddle.domain.message.MessageStats;
import io.huddle.domain.message.NewMessage;
import io.huddle.domain.message.SearchQuery;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageLog} promises. Each test works in fresh sessions, created in the session
 * store the log shares its database with, so an implementation may share one backing store between
 * tests.
 */
public abstract class MessageLogContract {
    /** A fixed point in time, moved by hand where a test needs later messages. */
    protected final TestClock clock = TestClock.startingNow();

    private SessionStore sessions;
    private MessageLog log;

    /** The session store the log works with; called before each test, before {@link #log}. */
    protected abstract SessionStore sessions();

    /** The log under test, over {@code sessions}; called before each test. */
    protected abstract MessageLog log(SessionStore sessions);

    @BeforeEach
    void open_log() {
        sessions = sessions();
        log = log(sessions);
    }

    private Session session() {
        var session = TestSessions.session(clock.instant());
        assertThat(sessions.create(session)).isEqualTo(new SessionStore.Created.Stored(session));
        return session;
    }

    private static Member someone(String name) {
        return member(name, Role.MEMBER, Instant.parse("2030-01-01T00:00:00Z"));
    }

    private Appended append(Session session, Member sender, NewMessage message) {
        return log.append(session, message, sender.id(), sender.displayName(), freshId(), clock.instant());
    }

    private Message stored(Session session, Member sender, NewMessage message) {
        var appended = append(session, sender, message);
        assertThat(appended).isInstanceOf(Appended.Stored.class);
        return messageOf(appended);
    }

    /** {@code count} messages "message 1", "message 2", … one millisecond apart. */
    private List<Message> storedMany(Session session, Member sender, int count) {
        var all = new ArrayList<Message>();
        for (int i = 1; i <= count; i++) {
            all.add(stored(session, sender, text("message " + i)));
            clock.advance(Duration.ofMillis(1));
        }
        return all;
    }

    private static List<Long> seqs(HistoryPage page) {
        return page.messages().stream().map(Message::seq).toList();
    }

    private static List<Long> seqs(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void an_appended_message_is_read_back_with_every_field_intact() {
        var session = session();
        var alice = someone("Zoë \"the\" 🎻");
        var message = TestMessages.full();
        var id = freshId();
        var sentAt = clock.instant().plusMillis(7);

        var appended = log.append(session, message, alice.id(), alice.displayName(), id, sentAt);

        var expected = Message.stored(id, 1, session.code(), alice.id(), alice.displayName(), message, sentAt);
        assertThat(appended).isEqualTo(new Appended.Stored(expected));
        assertThat(log.page(session.code(), HistoryQuery.latest(50)))
                .isEqualTo(new HistoryPage(List.of(expected), false));
    }

    @Test
    void seq_starts_at_1_and_counts_up_in_each_session_on_its_own() {
        var first = session();
        var second = session();
        var alice = someone("Alice");

        assertThat(stored(first, alice, text("a")).seq()).isEqualTo(1);
        assertThat(stored(first, alice, text("b")).seq()).isEqualTo(2);
        assertThat(stored(second, alice, text("c")).seq()).isEqualTo(1);
        assertThat(stored(first, alice, text("d")).seq()).isEqualTo(3);
        assertThat(log.span(first.code())).isEqualTo(new LogSpan(0, 3));
        assertThat(log.span(second.code())).isEqualTo(new LogSpan(0, 1));
    }

    @Test
    void seq_is_gapless_under_concurrent_appends() throws Exception {
        var session = session();
        int threads = 8;
        int each = 200;

        var perThread = Concurrently.run(threads, index -> {
            var sender = someone("Sender " + index);
            var seqs = new ArrayList<Long>();
            for (int i = 0; i < each; i++)
                seqs.add(stored(session, sender, text(index + "/" + i)).seq());
            return seqs;
        });

        var all = perThread.stream().flatMap(List::stream).sorted().toList();
        assertThat(all).isEqualTo(seqs(1, threads * each));
        perThread.forEach(seqs -> assertThat(seqs).isSorted());
        assertThat(log.span(session.code())).isEqualTo(new LogSpan(0, threads * each));
        assertThat(log.stats(session.code()).count()).isEqualTo(threads * each);
    }

    @Test
    void the_same_client_id_sent_twice_is_stored_once_and_takes_one_seq() {
        var session = session();
        var alice = someone("Alice");
        var first = stored(session, alice, withClientId("first", "c-1"));

        var again = append(session, alice, withClientId("second, different", "c-1"));

        assertThat(again).isEqualTo(new Appended.Duplicate(first));
        assertThat(stored(session, alice, text("next")).seq()).isEqualTo(2);
        assertThat(seqs(log.page(session.code(), HistoryQuery.latest(50)))).containsExactly(1L, 2L);
    }

    @Test
    void racing_appends_of_one_client_id_store_one_message() throws Exception {
        var session = session();
        var alice = someone("Alice");

        var outcomes = Concurrently.run(8, index -> append(session, alice, withClientId("try " + index, "same")));

        var stored = outcomes.stream().filter(Appended.Stored.class::isInstance).toList();
        assertThat(stored).hasSize(1);
        assertThat(outcomes).allSatisfy(o -> assertThat(messageOf(o)).isEqualTo(messageOf(stored.getFirst())));
        assertThat(log.span(session.code())).isEqualTo(new LogSpan(0, 1));
    }

    @Test
    void client_ids_are_per_sender_and_per_session() {
        var session = session();
        var other = session();
        var alice = someone("Alice");
        var bob = someone("Bob");

        var fromAlice = stored(session, alice, withClientId("hi", "c-1"));
        var fromBob = stored(session, bob, withClientId("hi", "c-1"));
        var elsewhere = stored(other, alice, withClientId("hi", "c-1"));

        assertThat(fromBob.seq()).isEqualTo(2);
        assertThat(fromBob.id()).isNotEqualTo(fromAlice.id());
        assertThat(elsewhere.seq()).isEqualTo(1);
    }

    @Test
    void messages_without_client_ids_are_never_duplicates() {
        var session = session();
        var alice = someone("Alice");

        stored(session, alice, text("same"));
        assertThat(stored(session, alice, text("same")).seq()).isEqualTo(2);
    }

    @Test
    void an_append_raises_the_sessions_durable_activity_time() {
        var session = session();
        var sentAt = clock.advance(Duration.ofMinutes(3));

        stored(session, someone("Alice"), text("still here"));

        assertThat(sessions.find(session.code()).orElseThrow().lastActivityAt()).isEqualTo(sentAt);
    }

    @Test
    void latest_before_and_after_page_through_the_log_with_has_more() {
        var session = session();
        storedMany(session, someone("Alice"), 25);
        Function<HistoryQuery, HistoryPage> page = query -> log.page(session.code(), query);

        var latest = page.apply(HistoryQuery.latest(10));
        assertThat(seqs(latest)).isEqualTo(seqs(16, 25));
        assertThat(latest.hasMore()).isTrue();
        assertThat(latest.messages().getFirst().content()).isEqualTo("message 16");
        assertThat(page.apply(HistoryQuery.before(16, 10))).satisfies(p -> {
            assertThat(seqs(p)).isEqualTo(seqs(6, 15));
            assertThat(p.hasMore()).isTrue();
        });
        assertThat(page.apply(HistoryQuery.before(6, 10))).satisfies(p -> {
            assertThat(seqs(p)).isEqualTo(seqs(1, 5));
            assertThat(p.hasMore()).isFalse();
        });
        assertThat(page.apply(HistoryQuery.after(0, 10))).satisfies(p -> {
            assertThat(seqs(p)).isEqualTo(seqs(1, 10));
            assertThat(p.hasMore()).isTrue();
        });
        assertThat(page.apply(HistoryQuery.after(20, 10))).satisfies(p -> {
            assertThat(seqs(p)).isEqualTo(seqs(21, 25));
            assertThat(p.hasMore()).isFalse();
        });
        assertThat(page.apply(HistoryQuery.after(25, 10))).isEqualTo(HistoryPage.EMPTY);
        assertThat(page.apply(HistoryQuery.before(1, 10))).isEqualTo(HistoryPage.EMPTY);
        assertThat(page.apply(HistoryQuery.latest(25))).satisfies(p -> {
            assertThat(seqs(p)).isEqualTo(seqs(1, 25));
            assertThat(p.hasMore()).isFalse();
        });
    }

    @Test
    void search_ignores_case_and_finds_newest_first() {
        var session = session();
        var alice = someone("Alice");
        var first = stored(session, alice, text("Hello World"));
        stored(session, alice, text("goodbye"));
        var second = stored(session, alice, text("well, hello there"));
        var third = stored(session, alice, text("HELLO"));

        assertThat(log.search(session.code(), new SearchQuery("hElLo", 20))).containsExactly(third, second, first);
        assertThat(log.search(session.code(), new SearchQuery("hello", 2))).containsExactly(third, second);
        assertThat(log.search(session.code(), new SearchQuery("nowhere", 20))).isEmpty();
    }

    @Test
    void search_takes_percent_underscore_and_backslash_literally() {
        var session = session();
        var alice = someone("Alice");
        var percent = stored(session, alice, text("down 50% today"));
        stored(session, alice, text("down 500 today"));
        var underscore = stored(session, alice, text("snake_case"));
        stored(session, alice, text("snakeXcase"));
        var backslash = stored(session, alice, text("C:\\temp"));
        stored(session, alice, text("C:temp"));

        assertThat(log.search(session.code(), new SearchQuery("0%", 20))).containsExactly(percent);
        assertThat(log.search(session.code(), new SearchQuery("e_c", 20))).containsExactly(underscore);
        assertThat(log.search(session.code(), new SearchQuery(":\\t", 20))).containsExactly(backslash);
        assertThat(log.search(session.code(), new SearchQuery("%%", 20))).isEmpty();
    }

    @Test
    void stats_count_messages_and_senders_and_know_the_first_and_last_times() {
        var session = session();
        var alice = someone("Alice");
        var bob = someone("Bob");
        assertThat(log.stats(session.code())).isEqualTo(MessageStats.empty(0));

        var first = stored(session, alice, text("one"));
        clock.advance(Duration.ofSeconds(5));
        stored(session, bob, text("two"));
        clock.advance(Duration.ofSeconds(5));
        var last = stored(session, alice, text("three"));

        assertThat(log.stats(session.code()))
                .isEqualTo(new MessageStats(3, 3, 2, Optional.of(first.sentAt()), Optional.of(last.sentAt())));
    }

    @Test
    void stats_asked_again_and_again_stay_exact_as_messages_come_and_after_a_clear() {
        var session = session();
        var alice = someone("Alice");
        var bob = someone("Bob");
        var one = stored(session, alice, text("one"));
        assertThat(log.stats(session.code()))
                .isEqualTo(new MessageStats(1, 1, 1, Optional.of(one.sentAt()), Optional.of(one.sentAt())));

        clock.advance(Duration.ofSeconds(5));
        var two = stored(session, bob, text("two"));
        assertThat(log.stats(session.code()))
                .isEqualTo(new MessageStats(2, 2, 2, Optional.of(one.sentAt()), Optional.of(two.sentAt())));
        clock.advance(Duration.ofSeconds(5));
        var three = stored(session, alice, text("three"));
        assertThat(log.stats(session.code()))
                .isEqualTo(new MessageStats(3, 3, 2, Optional.of(one.sentAt()), Optional.of(three.sentAt())));

        log.clear(session.code());
        assertThat(log.stats(session.code())).isEqualTo(MessageStats.empty(3));
        clock.advance(Duration.ofSeconds(5));
        var four = stored(session, bob, text("four"));
        assertThat(log.stats(session.code()))
                .isEqualTo(new MessageStats(1, 4, 1, Optional.of(four.sentAt()), Optional.of(four.sentAt())));
    }

    @Test
    void clear_empties_history_search_and_stats_while_seq_continues() {
        var session = session();
        var alice = someone("Alice");
        storedMany(session, alice, 5);
        stored(session, alice, withClientId("tagged", "c-9"));

        log.clear(session.code());

        assertThat(log.page(session.code(), HistoryQuery.latest(50))).isEqualTo(HistoryPage.EMPTY);
        assertThat(log.page(session.code(), HistoryQuery.after(0, 50))).isEqualTo(HistoryPage.EMPTY);
        assertThat(log.search(session.code(), new SearchQuery("message", 20))).isEmpty();
        assertThat(log.stats(session.code())).isEqualTo(MessageStats.empty(6));
        assertThat(log.span(session.code())).isEqualTo(new LogSpan(6, 6));

        var next = stored(session, alice, text("after the clear"));
        assertThat(next.seq()).isEqualTo(7);
        assertThat(log.page(session.code(), HistoryQuery.latest(50))).isEqualTo(new HistoryPage(List.of(next), false));
        assertThat(log.stats(session.code()).count()).isEqualTo(1);
    }

    @Test
    void clear_forgets_client_ids_so_cleared_messages_never_come_back() {
        var session = session();
        var alice = someone("Alice");
        stored(session, alice, withClientId("before", "c-1"));

        log.clear(session.code());
        var again = append(session, alice, withClientId("after", "c-1"));

        assertThat(again).isInstanceOf(Appended.Stored.class);
        assertThat(messageOf(again).content()).isEqualTo("after");
        assertThat(messageOf(again).seq()).isEqualTo(2);
    }

    @Test
    void sessions_do_not_see_each_others_messages() {
        var mine = session();
        var theirs = session();
        var alice = someone("Alice");
        var kept = stored(mine, alice, text("mine, hello"));
        stored(theirs, alice, text("theirs, hello"));
        stored(theirs, alice, text("theirs again"));

        log.clear(theirs.code());

        assertThat(log.page(mine.code(), HistoryQuery.latest(50))).isEqualTo(new HistoryPage(List.of(kept), false));
        assertThat(log.search(mine.code(), new SearchQuery("hello", 20))).containsExactly(kept);
        assertThat(log.stats(mine.code()).count()).isEqualTo(1);
        assertThat(log.span(mine.code())).isEqualTo(new LogSpan(0, 1));
    }

    @Test
    void an_unknown_session_has_an_empty_log() {
        var code = TestSessions.freshCode();

        log.clear(code);

        assertThat(log.page(code, HistoryQuery.latest(50))).isEqualTo(HistoryPage.EMPTY);
        assertThat(log.search(code, new SearchQuery("anything", 20))).isEmpty();
        assertThat(log.stats(code)).isEqualTo(MessageStats.empty(0));
        assertThat(log.span(code)).isEqualTo(LogSpan.EMPTY);
    }

    @Test
    void message_ids_are_kept_as_given() {
        var session = session();
        var alice = someone("Alice");
        var id = new MessageId("msg_" + "x".repeat(36));

        var appended = log.append(session, text("hi"), alice.id(), alice.displayName(), id, clock.instant());

        assertThat(messageOf(appended).id()).isEqualTo(id);
    }

    @Test
    void a_group_of_appends_takes_each_sessions_seqs_in_list_order() {
        var one = session();
        var two = session();
        var alice = someone("Alice");
        var now = clock.instant();
        var group = List.of(
                new MessageLog.Append(one, text("1a"), alice.id(), "Alice", freshId(), now),
                new MessageLog.Append(two, text("2a"), alice.id(), "Alice", freshId(), now),
                new MessageLog.Append(one, text("1b"), alice.id(), "Alice", freshId(), now),
                new MessageLog.Append(one, text("1c"), alice.id(), "Alice", freshId(), now),
                new MessageLog.Append(two, text("2b"), alice.id(), "Alice", freshId(), now));

        var outcomes = log.appendAll(group);

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Appended.Stored.class));
        assertThat(outcomes.stream()
                        .map(o -> messageOf(o).content() + "#" + messageOf(o).seq()))
                .containsExactly("1a#1", "2a#1", "1b#2", "1c#3", "2b#2");
        assertThat(log.page(one.code(), HistoryQuery.latest(10)).messages())
                .extracting(Message::content)
                .containsExactly("1a", "1b", "1c");
        assertThat(log.span(two.code())).isEqualTo(new LogSpan(0, 2));
    }

    @Test
    void a_client_id_twice_in_one_group_is_stored_once_and_the_second_is_its_duplicate() {
        var session = session();
        var alice = someone("Alice");
        var now = clock.instant();

        var outcomes = log.appendAll(List.of(
                new MessageLog.Append(session, withClientId("first", "c-9"), alice.id(), "Alice", freshId(), now),
                new MessageLog.Append(session, withClientId("again", "c-9"), alice.id(), "Alice", freshId(), now),
                new MessageLog.Append(session, text("next"), alice.id(), "Alice", freshId(), now)));

        assertThat(outcomes.get(0)).isInstanceOf(Appended.Stored.class);
        assertThat(outcomes.get(1)).isEqualTo(new Appended.Duplicate(messageOf(outcomes.get(0))));
        assertThat(messageOf(outcomes.get(2)).seq()).isEqualTo(2);
        assertThat(log.span(session.code())).isEqualTo(new LogSpan(0, 2));
    }

    @Test
    void an_ended_session_takes_no_message_and_no_seq_while_the_rest_of_the_group_is_stored() {
        var ended = session();
        var live = session();
        var alice = someone("Alice");
        assertThat(sessions.end(ended.code(), new Ending(clock.instant(), EndReason.OWNER)))
                .isInstanceOf(SessionStore.Ended.Now.class);
        var now = clock.instant();

        var outcomes = log.appendAll(List.of(
                new MessageLog.Append(ended, text("too late"), alice.id(), "Alice", freshId(), now),
                new MessageLog.Append(live, text("in time"), alice.id(), "Alice", freshId(), now)));

        assertThat(outcomes.get(0)).isEqualTo(new Appended.SessionEnded());
        assertThat(messageOf(outcomes.get(1)).seq()).isEqualTo(1);
        assertThat(log.span(ended.code())).isEqualTo(new LogSpan(0, 0));
    }

    @Test
    void a_message_sent_at_its_sessions_expiry_is_refused_as_ended_and_one_a_millisecond_before_is_stored() {
        var session = session();
        var alice = someone("Alice");
        var expiry = session.expiresAt();

        var outcomes = log.appendAll(List.of(
                new MessageLog.Append(session, text("in time"), alice.id(), "Alice", freshId(), expiry.minusMillis(1)),
                new MessageLog.Append(session, text("too late"), alice.id(), "Alice", freshId(), expiry)));

        assertThat(messageOf(outcomes.get(0)).seq()).isEqualTo(1);
        assertThat(outcomes.get(1)).isEqualTo(new Appended.SessionEnded());
        assertThat(log.span(session.code())).isEqualTo(new LogSpan(0, 1));
    }

    @Test
    void a_duplicate_answers_with_the_first_message_whole_whatever_the_retry_carries() {
        var session = session();
        var alice = someone("Zoë \"the\" 🎻");
        var first = stored(session, alice, TestMessages.full());
        clock.advance(Duration.ofSeconds(3));
        var retry = new NewMessage(
                "changed",
                new MessageKind("other"),
                Optional.empty(),
                TestMessages.full().clientMsgId());

        var again = log.appendAll(List.of(
                new MessageLog.Append(session, retry, alice.id(), "Renamed", freshId(), clock.instant()),
                new MessageLog.Append(session, retry, alice.id(), "Renamed", freshId(), clock.instant())));

        assertThat(again).containsExactly(new Appended.Duplicate(first), new Appended.Duplicate(first));
        assertThat(log.span(session.code())).isEqualTo(new LogSpan(0, 1));
    }

    /** The message a stored or duplicate append answers with. */
    public static Message messageOf(Appended appended) {
        return switch (appended) {
            case Appended.Stored stored -> stored.message();
            case Appended.Duplicate duplicate -> duplicate.message();
            case Appended.SessionEnded ended -> throw new AssertionError("the session had ended");
        };
    }
}
