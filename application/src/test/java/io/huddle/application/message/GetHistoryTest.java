package io.huddle.application.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.application.auth.Caller;
import io.huddle.application.contract.MessageLogContract;
import io.huddle.application.contract.TestMessages;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.Message;
import io.huddle.domain.text.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GetHistoryTest {
    private final Messaging messaging = new Messaging();
    private final Caller bob = messaging.joined("Bob", "member");

    private HistoryPage page(OptionalLong before, OptionalLong after, long limit) {
        var outcome = messaging.history(bob, before, after, OptionalLong.of(limit));
        assertThat(outcome).isInstanceOf(GetHistory.Page.class);
        return ((GetHistory.Page) outcome).page();
    }

    private static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).toList();
    }

    private static List<Long> seqs(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void paging_back_across_the_recent_window_returns_every_message_once() {
        messaging.sentMany(bob, 35);
        var seen = new ArrayList<Message>();
        var page = page(OptionalLong.empty(), OptionalLong.empty(), 7);
        assertThat(messaging.log.pagesRead())
                .as("the newest page comes from the recent copy")
                .isZero();
        seen.addAll(0, page.messages());
        int pages = 1;
        while (page.hasMore()) {
            page = page(OptionalLong.of(page.messages().getFirst().seq()), OptionalLong.empty(), 7);
            seen.addAll(0, page.messages());
            pages++;
        }

        assertThat(seqs(seen)).isEqualTo(seqs(1, 35));
        assertThat(pages).isEqualTo(5);
        // 29..35 lie in the window 26..35; 22..28 straddles it, so the log answers that and the rest.
        assertThat(messaging.log.pagesRead()).isEqualTo(4);
    }

    @Test
    void catching_up_across_the_recent_window_returns_every_message_once() {
        messaging.sentMany(bob, 35);
        var seen = new ArrayList<Message>();
        HistoryPage page;
        long after = 0;
        do {
            page = page(OptionalLong.empty(), OptionalLong.of(after), 7);
            seen.addAll(page.messages());
            if (!page.messages().isEmpty()) after = page.messages().getLast().seq();
        } while (page.hasMore());

        assertThat(seqs(seen)).isEqualTo(seqs(1, 35));
        // 1..7, 8..14, 15..21 and 22..28 come from the log; 29..35 from the recent copy.
        assertThat(messaging.log.pagesRead()).isEqualTo(4);
    }

    @Test
    void a_message_the_recent_copy_missed_is_still_in_the_history() {
        var earlier = messaging.sentMany(bob, 3);
        var session = messaging.sessions.find(messaging.code).orElseThrow();
        var member = bob.memberOf(messaging.code).orElseThrow().member();
        var missed = MessageLogContract.messageOf(messaging.log.append(
                session,
                TestMessages.text("stored, never copied"),
                member.id(),
                member.displayName(),
                TestMessages.freshId(),
                messaging.clock.instant()));

        var latest = page(OptionalLong.empty(), OptionalLong.empty(), 50);

        assertThat(latest.messages()).containsExactly(earlier.get(0), earlier.get(1), earlier.get(2), missed);
        assertThat(latest.hasMore()).isFalse();
    }

    @Test
    void a_display_reads_history() {
        var sent = messaging.sent(bob, "hello wall");
        var wall = messaging.joined("Wall", "display");

        assertThat(messaging.history(wall, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()))
                .isEqualTo(new GetHistory.Page(new HistoryPage(List.of(sent), false)));
    }

    @Test
    void before_and_after_together_are_invalid() {
        var outcome = messaging.history(bob, OptionalLong.of(5), OptionalLong.of(1), OptionalLong.of(500));

        assertThat(((GetHistory.Invalid) outcome).violations())
                .extracting(Violation::field)
                .containsExactly("after", "limit");
    }

    @Test
    void the_owners_user_token_is_not_a_member() {
        assertThat(messaging.history(
                        Messaging.user(Messaging.ALICE),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty()))
                .isEqualTo(new GetHistory.Refused(SessionAccess.Refusal.UNAUTHENTICATED));
    }

    @Test
    void an_empty_history_is_an_empty_page() {
        assertThat(page(OptionalLong.empty(), OptionalLong.empty(), 50)).isEqualTo(HistoryPage.EMPTY);
        assertThat(messaging.log.pagesRead()).isZero();
    }

    @Test
    void the_latest_query_matches_the_default() {
        messaging.sentMany(bob, 60);

        var page = ((GetHistory.Page)
                        messaging.history(bob, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()))
                .page();

        assertThat(page).isEqualTo(messaging.log.page(messaging.code, HistoryQuery.latest(50)));
        assertThat(seqs(page.messages())).isEqualTo(seqs(11, 60));
        assertThat(page.hasMore()).isTrue();
    }

    // --- while the log is down (PostgreSQL out of reach): the recent copy answers what it settles alone

    private static OptionalLong at(long seq) {
        return OptionalLong.of(seq);
    }

    private static final OptionalLong NONE = OptionalLong.empty();

    /** The page while the log is down; the log is up again afterwards. */
    private HistoryPage pageWhileDown(OptionalLong before, OptionalLong after, long limit) {
        messaging.log.down = true;
        try {
            return page(before, after, limit);
        } finally {
            messaging.log.down = false;
        }
    }

    private void assertUnavailableWhileDown(OptionalLong before, OptionalLong after, long limit) {
        messaging.log.down = true;
        try {
            assertThatThrownBy(() -> messaging.history(bob, before, after, OptionalLong.of(limit)))
                    .isInstanceOfSatisfying(
                            StoreUnavailable.class,
                            e -> assertThat(e.retryAfter()).isEqualTo(FlakyMessageLog.RETRY_AFTER));
        } finally {
            messaging.log.down = false;
        }
    }

    @Test
    void the_latest_page_is_read_from_the_recent_copy_while_the_log_is_down() {
        messaging.sentMany(bob, 35); // the copy holds 26..35

        var small = pageWhileDown(NONE, NONE, 7);
        assertThat(seqs(small.messages())).isEqualTo(seqs(29, 35));
        assertThat(small.hasMore()).as("26..28 are held below the page").isTrue();
        assertThat(small).isEqualTo(page(NONE, NONE, 7));

        var whole = new Messaging();
        var carol = whole.joined("Carol", "member");
        whole.sentMany(carol, 4);
        whole.log.down = true;
        var all = ((GetHistory.Page) whole.history(carol, NONE, NONE, OptionalLong.empty())).page();
        assertThat(seqs(all.messages())).isEqualTo(seqs(1, 4));
        assertThat(all.hasMore()).as("nothing lies below seq 1").isFalse();
    }

    @Test
    void catching_up_after_a_seq_is_read_from_the_recent_copy_when_it_holds_every_later_message() {
        messaging.sentMany(bob, 35);

        assertThat(pageWhileDown(NONE, at(30), 50)).isEqualTo(page(NONE, at(30), 50));
        assertThat(seqs(pageWhileDown(NONE, at(30), 50).messages())).isEqualTo(seqs(31, 35));
        assertThat(pageWhileDown(NONE, at(25), 3))
                .as("26..28, and newer ones are held")
                .isEqualTo(new HistoryPage(page(NONE, at(25), 3).messages(), true));
        assertThat(pageWhileDown(NONE, at(35), 50)).isEqualTo(HistoryPage.EMPTY);
    }

    @Test
    void paging_back_is_read_from_the_recent_copy_when_it_holds_the_page_and_the_message_below_it() {
        messaging.sentMany(bob, 35);

        assertThat(pageWhileDown(at(32), NONE, 3)).isEqualTo(page(at(32), NONE, 3));
        assertThat(page(at(32), NONE, 3).hasMore()).isTrue();
        assertUnavailableWhileDown(at(30), NONE, 4); // 26..29: whether 25 exists is not the copy's to say
    }

    @Test
    void what_the_recent_copy_cannot_settle_is_unavailable_while_the_log_is_down() {
        messaging.sentMany(bob, 35); // the copy holds 26..35

        assertUnavailableWhileDown(NONE, NONE, 50); // 1..25 are not held
        assertUnavailableWhileDown(NONE, at(10), 5); // 11..15 are not held
        assertUnavailableWhileDown(at(20), NONE, 5);
        messaging.log.down = true;
        assertThatThrownBy(() -> messaging.stats.handle(new GetMessageStats.Command(bob, messaging.code)))
                .isInstanceOf(StoreUnavailable.class);
    }

    @Test
    void a_recent_copy_with_a_gap_is_not_trusted_below_it_while_the_log_is_down() {
        messaging.sentMany(bob, 3);
        var session = messaging.sessions.find(messaging.code).orElseThrow();
        var member = bob.memberOf(messaging.code).orElseThrow().member();
        messaging.log.append( // seq 4: stored, never copied
                session,
                TestMessages.text("stored, never copied"),
                member.id(),
                member.displayName(),
                TestMessages.freshId(),
                messaging.clock.instant());
        messaging.sentMany(bob, 2); // 5, 6

        assertUnavailableWhileDown(NONE, NONE, 50);
        assertUnavailableWhileDown(NONE, at(2), 50);
        assertThat(seqs(pageWhileDown(NONE, at(4), 50).messages())).isEqualTo(seqs(5, 6));
    }

    @Test
    void a_cleared_history_does_not_come_back_while_the_log_is_down() {
        messaging.sentMany(bob, 3);
        messaging.clear.handle(new ClearHistory.Command(messaging.owner, messaging.code));

        assertUnavailableWhileDown(NONE, NONE, 50); // the copy is empty: nothing says what exists

        messaging.sentMany(bob, 2); // 4, 5
        assertUnavailableWhileDown(NONE, NONE, 50); // whether 3 was cleared or only not copied is unknown
        assertUnavailableWhileDown(NONE, at(0), 50);
        assertThat(pageWhileDown(NONE, at(3), 50))
                .isEqualTo(page(NONE, at(3), 50))
                .extracting(p -> seqs(p.messages()))
                .isEqualTo(seqs(4, 5));
    }

    @Test
    void with_the_recent_copy_down_too_the_read_fails_with_the_logs_failure() {
        var messaging = new Messaging(clock -> new BrokenRecentMessages());
        var carol = messaging.joined("Carol", "member");
        messaging.sentMany(carol, 2);
        messaging.log.down = true;

        assertThatThrownBy(() -> messaging.history(carol, NONE, NONE, OptionalLong.empty()))
                .isInstanceOfSatisfying(
                        StoreUnavailable.class, e -> assertThat(e.getMessage()).contains("postgres"));
    }
}
