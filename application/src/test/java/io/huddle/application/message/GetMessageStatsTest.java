package io.huddle.application.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.domain.message.MessageStats;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GetMessageStatsTest {
    private final Messaging messaging = new Messaging();
    private final Caller bob = messaging.joined("Bob", "member");

    private MessageStats stats(Caller caller) {
        var outcome = messaging.stats.handle(new GetMessageStats.Command(caller, messaging.code));
        return ((GetMessageStats.Stats) outcome).stats();
    }

    @Test
    void a_new_session_has_no_messages() {
        assertThat(stats(bob)).isEqualTo(MessageStats.empty(0));
    }

    @Test
    void stats_count_messages_and_senders_with_first_and_last_times() {
        var first = messaging.sent(bob, "one");
        messaging.clock.advance(Duration.ofMinutes(1));
        messaging.sent(messaging.owner, "two");
        messaging.clock.advance(Duration.ofMinutes(1));
        var last = messaging.sent(bob, "three");

        assertThat(stats(messaging.joined("Wall", "display")))
                .isEqualTo(new MessageStats(3, 3, 2, Optional.of(first.sentAt()), Optional.of(last.sentAt())));
    }
}
