package io.huddle.application.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.text.Violation;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SearchMessagesTest {
    private final Messaging messaging = new Messaging();
    private final Caller bob = messaging.joined("Bob", "member");

    private SearchMessages.Outcome search(Caller caller, Optional<String> q, OptionalLong limit) {
        return messaging.search.handle(new SearchMessages.Command(caller, messaging.code, q, limit));
    }

    @Test
    void a_member_finds_messages_by_content_newest_first() {
        var first = messaging.sent(bob, "Tempo 120?");
        messaging.sent(bob, "no");
        var second = messaging.sent(messaging.owner, "tempo 90 then");

        assertThat(search(bob, Optional.of(" TEMPO "), OptionalLong.empty()))
                .isEqualTo(new SearchMessages.Found(List.of(second, first)));
        assertThat(search(bob, Optional.of("tempo"), OptionalLong.of(1)))
                .isEqualTo(new SearchMessages.Found(List.of(second)));
    }

    @Test
    void a_short_text_and_a_bad_limit_are_invalid() {
        var outcome = search(bob, Optional.of("t"), OptionalLong.of(0));

        assertThat(((SearchMessages.Invalid) outcome).violations())
                .extracting(Violation::field)
                .containsExactly("q", "limit");
    }

    @Test
    void a_display_may_search_and_a_user_token_may_not() {
        var wall = messaging.joined("Wall", "display");

        assertThat(search(wall, Optional.of("anything"), OptionalLong.empty()))
                .isInstanceOf(SearchMessages.Found.class);
        assertThat(search(Messaging.user(Messaging.ALICE), Optional.of("anything"), OptionalLong.empty()))
                .isEqualTo(new SearchMessages.Refused(SessionAccess.Refusal.UNAUTHENTICATED));
    }
}
