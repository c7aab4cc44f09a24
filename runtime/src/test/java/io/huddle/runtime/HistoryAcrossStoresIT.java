package io.huddle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.application.message.GetHistory;
import io.huddle.domain.message.Message;
import io.huddle.domain.session.SessionCode;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * History pages stitched with {@code before} (and with {@code after}) return every message exactly
 * once, across the boundary between the Redis recent copy (the newest 10 here) and PostgreSQL.
 */
class HistoryAcrossStoresIT {
    private static final int SENT = 35;

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private static RealMessaging messaging;
    private static GetHistory history;
    private static Caller owner;
    private static SessionCode code;

    @BeforeAll
    static void send_35_messages_with_a_recent_copy_of_10() {
        messaging = RealMessaging.start(redis, TestPostgres.server().jdbcUrl(), db, 10);
        history = messaging.history;
        owner = messaging.newSession();
        code = RealMessaging.sessionOf(owner);
        for (int i = 1; i <= SENT; i++) messaging.sent(owner, code, "message " + i, Optional.empty());
    }

    @AfterAll
    static void stop() {
        messaging.close();
    }

    private static GetHistory.Page page(OptionalLong before, OptionalLong after, int limit) {
        var outcome = history.handle(new GetHistory.Command(owner, code, before, after, OptionalLong.of(limit)));
        assertThat(outcome).isInstanceOf(GetHistory.Page.class);
        return (GetHistory.Page) outcome;
    }

    @Test
    void the_recent_copy_holds_only_the_newest_ten() {
        assertThat(messaging.stores.recentMessages().latest(code, 100))
                .extracting(Message::seq)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(26, SENT).boxed().toList());
    }

    @Test
    void paging_back_with_before_returns_every_message_once_in_order() {
        List<Long> seen = new ArrayList<>();
        var page = page(OptionalLong.empty(), OptionalLong.empty(), 8).page();
        seen.addAll(0, page.messages().stream().map(Message::seq).toList());
        while (page.hasMore()) {
            page = page(OptionalLong.of(seen.getFirst()), OptionalLong.empty(), 8)
                    .page();
            seen.addAll(0, page.messages().stream().map(Message::seq).toList());
        }
        assertThat(seen)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, SENT).boxed().toList());
    }

    @Test
    void catching_up_with_after_returns_every_message_once_in_order() {
        List<Long> seen = new ArrayList<>();
        long last = 0;
        GetHistory.Page page;
        do {
            page = page(OptionalLong.empty(), OptionalLong.of(last), 7);
            page.page().messages().forEach(m -> seen.add(m.seq()));
            last = seen.isEmpty() ? 0 : seen.getLast();
        } while (page.page().hasMore());
        assertThat(seen)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, SENT).boxed().toList());
    }
}
