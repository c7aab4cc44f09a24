package io.huddle.application.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.application.contract.MessageLogContract;
import io.huddle.application.contract.TestMessages;
import io.huddle.application.session.SessionAccess;
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
}
