package io.huddle.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestClock;
import io.huddle.application.contract.TestMessages;
import io.huddle.application.contract.TestSessions;
import io.huddle.application.memory.InMemoryRecentMessages;
import io.huddle.domain.member.Role;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TolerantRecentMessagesTest {
    private final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00Z"));
    private final HotCopyRepairs repairs = new HotCopyRepairs(Duration.ofMillis(10));
    private final UnreachableOnClear copy = new UnreachableOnClear(new InMemoryRecentMessages(10, clock));
    private final TolerantRecentMessages recent = new TolerantRecentMessages(copy, repairs);
    private final Session session = TestSessions.session(clock.instant());

    @AfterEach
    void stop() {
        repairs.close();
    }

    @Test
    void a_clear_waiting_for_redis_keeps_the_cleared_messages_from_the_newest_until_it_ran() {
        var sender = TestSessions.member("Bob", Role.MEMBER, clock.instant());
        for (long seq = 1; seq <= 3; seq++) {
            recent.append(session, TestMessages.stored(session, sender, seq, clock.instant()));
        }
        copy.unreachable = true;
        recent.clear(session.code()); // does not reach the copy: waits for Redis

        assertThat(copy.latest(session.code(), 10))
                .as("the copy still holds them")
                .hasSize(3);
        assertThat(recent.latest(session.code(), 10)).isEmpty();

        copy.unreachable = false;
        repairs.runPending();
        assertThat(recent.latest(session.code(), 10)).isEmpty();
        recent.append(session, TestMessages.stored(session, sender, 4, clock.instant()));
        assertThat(recent.latest(session.code(), 10)).extracting(Message::seq).containsExactly(4L);
    }

    /** A copy whose clear fails while {@link #unreachable}, as Redis out of reach does. */
    private static final class UnreachableOnClear implements RecentMessages {
        private final RecentMessages copy;
        volatile boolean unreachable;

        UnreachableOnClear(RecentMessages copy) {
            this.copy = copy;
        }

        @Override
        public void append(Session session, Message message) {
            copy.append(session, message);
        }

        @Override
        public Optional<HistoryPage> page(SessionCode session, HistoryQuery query, LogSpan span) {
            return copy.page(session, query, span);
        }

        @Override
        public List<Message> latest(SessionCode session, int count) {
            return copy.latest(session, count);
        }

        @Override
        public void clear(SessionCode session) {
            if (unreachable) throw new IllegalStateException("redis unreachable");
            copy.clear(session);
        }
    }
}
