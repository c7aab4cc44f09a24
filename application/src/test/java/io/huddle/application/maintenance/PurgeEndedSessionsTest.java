package io.huddle.application.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.session.EndReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PurgeEndedSessionsTest {
    private final Maintained huddle = new Maintained();

    @Test
    void sessions_ended_longer_than_the_retention_ago_are_deleted() {
        var old = huddle.session();
        huddle.end.handle(old.code(), EndReason.OWNER);
        var endedAt = huddle.clock.instant();
        huddle.clock.set(endedAt.plus(Maintained.RETENTION).plusMillis(1));

        assertThat(huddle.retention().handle()).isEqualTo(Round.of(1));

        assertThat(huddle.stored(old.code())).isEmpty();
    }

    @Test
    void a_session_one_second_short_of_the_retention_and_live_sessions_stay() {
        var ended = huddle.session();
        huddle.end.handle(ended.code(), EndReason.INACTIVITY);
        var endedAt = huddle.clock.instant();
        huddle.clock.advance(Duration.ofMinutes(1));
        var live = huddle.session();
        huddle.clock.set(endedAt.plus(Maintained.RETENTION).minusSeconds(1));

        assertThat(huddle.retention().handle()).isEqualTo(Round.of(0));

        assertThat(huddle.stored(ended.code())).isPresent();
        assertThat(huddle.stored(live.code())).isPresent();
    }
}
