package io.huddle.application.session;

import static io.huddle.application.session.Huddle.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Caller;
import io.huddle.domain.server.ServerKeyName;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionStore.StatusFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListSessionsTest {
    private final Huddle huddle = new Huddle();

    private ListSessions.Outcome list(StatusFilter filter, Optional<String> cursor, int limit) {
        return huddle.listSessions.handle(new ListSessions.Command(ALICE, filter, cursor, limit));
    }

    @Test
    void pages_follow_the_opaque_cursor_newest_first() {
        var codes = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            codes.addFirst(huddle.created().session().session().code().value());
            huddle.clock.advance(Duration.ofSeconds(1));
        }

        var first = (ListSessions.Listed) list(StatusFilter.ALL, Optional.empty(), 3);
        var second = (ListSessions.Listed) list(StatusFilter.ALL, first.nextCursor(), 3);

        var seen = new ArrayList<String>();
        first.sessions().forEach(v -> seen.add(v.session().code().value()));
        second.sessions().forEach(v -> seen.add(v.session().code().value()));
        assertThat(seen).containsExactlyElementsOf(codes);
        assertThat(second.nextCursor()).isEmpty();
    }

    @Test
    void both_lists_show_the_activity_the_session_itself_shows_not_the_stores_older_copy() {
        var code = huddle.created().session().session().code();
        huddle.clock.advance(Duration.ofSeconds(10));
        // A message's activity, as the send path records it: in the hot copy at once (the store's copy follows
        // up to 30 s behind).
        var active = huddle.clock.instant();
        huddle.cache.touch(code, active);

        var owners = (ListSessions.Listed) list(StatusFilter.ALL, Optional.empty(), 10);
        var everyOwners = (ListLiveSessions.Listed) huddle.listLiveSessions.handle(new ListLiveSessions.Command(
                new Caller.AsServer(new ServerKeyName("ops")), Optional.empty(), Optional.empty(), 10));

        assertThat(owners.sessions())
                .singleElement()
                .satisfies(view -> assertThat(view.session().lastActivityAt()).isEqualTo(active));
        assertThat(everyOwners.sessions())
                .singleElement()
                .satisfies(view -> assertThat(view.session().lastActivityAt()).isEqualTo(active));
    }

    @Test
    void ended_sessions_count_nobody() {
        var code = huddle.created().session().session().code();
        huddle.end.handle(code, EndReason.OWNER);

        var listed = (ListSessions.Listed) list(StatusFilter.ENDED, Optional.empty(), 10);

        assertThat(listed.sessions()).singleElement().satisfies(view -> {
            assertThat(view.session().code()).isEqualTo(code);
            assertThat(view.memberCount()).isZero();
        });
    }

    @Test
    void a_cursor_that_is_not_ours_is_refused() {
        assertThat(list(StatusFilter.ALL, Optional.of("not-a-cursor!"), 10)).isEqualTo(new ListSessions.BadCursor());
        assertThat(list(StatusFilter.ALL, Optional.of("MTIzNDU"), 10)).isEqualTo(new ListSessions.BadCursor());
        // Ours in form, at a time no session was created at (PostgreSQL refused it with a 500, not a 400).
        for (String millis : List.of(String.valueOf(Long.MAX_VALUE), "-9000000000000000", "-1")) {
            var forged = java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((millis + ".ABCDEF").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(list(StatusFilter.ALL, Optional.of(forged), 10))
                    .as(millis)
                    .isEqualTo(new ListSessions.BadCursor());
        }
    }
}
