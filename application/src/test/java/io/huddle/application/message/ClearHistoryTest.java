package io.huddle.application.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.MessageStats;
import io.huddle.domain.session.OwnerId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ClearHistoryTest {
    private final Messaging messaging = new Messaging();
    private final Caller bob = messaging.joined("Bob", "member");

    private ClearHistory.Outcome clear(Caller caller) {
        return messaging.clear.handle(new ClearHistory.Command(caller, messaging.code));
    }

    private GetHistory.Outcome latest() {
        return messaging.history(bob, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    private SearchMessages.Outcome search(String q) {
        return messaging.search.handle(
                new SearchMessages.Command(bob, messaging.code, Optional.of(q), OptionalLong.empty()));
    }

    @Test
    void the_owner_clears_history_and_search_and_seq_continues() {
        messaging.sentMany(bob, 12);

        assertThat(clear(messaging.owner)).isEqualTo(new ClearHistory.Cleared());

        assertThat(latest()).isEqualTo(new GetHistory.Page(HistoryPage.EMPTY));
        assertThat(search("message")).isEqualTo(new SearchMessages.Found(List.of()));
        assertThat(messaging.recent.latest(messaging.code, 50)).isEmpty();
        assertThat(messaging.stats.handle(new GetMessageStats.Command(bob, messaging.code)))
                .isEqualTo(new GetMessageStats.Stats(MessageStats.empty(12)));
        var next = messaging.sent(bob, "after the clear");
        assertThat(next.seq()).isEqualTo(13);
        assertThat(latest()).isEqualTo(new GetHistory.Page(new HistoryPage(List.of(next), false)));
    }

    @Test
    void the_owner_may_clear_by_user_token() {
        messaging.sent(bob, "gone soon");

        assertThat(clear(Messaging.user(Messaging.ALICE))).isEqualTo(new ClearHistory.Cleared());
        assertThat(latest()).isEqualTo(new GetHistory.Page(HistoryPage.EMPTY));
    }

    @Test
    void nobody_else_may_clear() {
        var kept = messaging.sent(bob, "kept");

        assertThat(clear(bob)).isEqualTo(new ClearHistory.Refused(SessionAccess.Refusal.FORBIDDEN));
        assertThat(clear(messaging.joined("Carol", "controller")))
                .isEqualTo(new ClearHistory.Refused(SessionAccess.Refusal.FORBIDDEN));
        assertThat(clear(Messaging.user(new OwnerId("mallory"))))
                .isEqualTo(new ClearHistory.Refused(SessionAccess.Refusal.HIDDEN));

        assertThat(latest()).isEqualTo(new GetHistory.Page(new HistoryPage(List.of(kept), false)));
    }
}
