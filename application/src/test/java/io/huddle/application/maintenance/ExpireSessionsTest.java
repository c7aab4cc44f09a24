package io.huddle.application.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExpireSessionsTest {
    private final Maintained huddle = new Maintained();

    @Test
    void a_session_is_ended_as_expired_at_its_expiry() {
        var session = huddle.session();
        huddle.clock.set(session.expiresAt());

        var round = huddle.expire(100).handle();

        assertThat(round).isEqualTo(Round.of(1));
        assertThat(huddle.stored(session.code()).orElseThrow().ending())
                .contains(new Ending(session.expiresAt(), EndReason.EXPIRED));
        assertThat(huddle.published).containsExactly(new SessionEvent.SessionEnded(session.code(), EndReason.EXPIRED));
    }

    @Test
    void a_run_reports_how_long_its_most_overdue_session_had_been_due() {
        var early = huddle.session();
        var late = huddle.session();
        huddle.clock.set(late.expiresAt().plusSeconds(90));

        var round = huddle.expire(100).handle();

        assertThat(round.handled()).isEqualTo(2);
        assertThat(round.lag())
                .isEqualTo(Duration.between(
                        early.expiresAt().isBefore(late.expiresAt()) ? early.expiresAt() : late.expiresAt(),
                        late.expiresAt().plusSeconds(90)));
    }

    @Test
    void a_session_one_second_before_its_expiry_survives() {
        var session = huddle.session();
        huddle.clock.set(session.expiresAt().minusSeconds(1));

        assertThat(huddle.expire(100).handle()).isEqualTo(Round.of(0));

        assertThat(huddle.stored(session.code()).orElseThrow().ending()).isEmpty();
        assertThat(huddle.published).isEmpty();
    }

    @Test
    void a_session_its_owner_ended_is_not_ended_again() {
        var session = huddle.session();
        huddle.end.handle(session.code(), EndReason.OWNER);
        huddle.clock.set(session.expiresAt());

        huddle.expire(100).handle();

        assertThat(huddle.published).containsExactly(new SessionEvent.SessionEnded(session.code(), EndReason.OWNER));
    }

    @Test
    void each_run_ends_at_most_one_batch() {
        var sessions = IntStream.range(0, 5).mapToObj(i -> huddle.session()).toList();
        huddle.clock.set(sessions.getLast().expiresAt());
        var job = huddle.expire(2);

        assertThat(job.handle().handled()).isEqualTo(2);
        assertThat(job.handle().handled()).isEqualTo(2);
        assertThat(job.handle().handled()).isEqualTo(1);
        assertThat(job.handle().handled()).isZero();
        assertThat(huddle.published(SessionEvent.SessionEnded.class)).hasSize(5);
    }

    @Test
    void a_session_that_fails_to_end_is_reported_and_the_others_still_end() {
        var failing = new FailingEnd(new InMemorySessionStore());
        var huddle = new Maintained(failing);
        var bad = huddle.session();
        var good = huddle.session();
        failing.failOn = bad.code();
        huddle.clock.set(good.expiresAt().plus(Duration.ofMinutes(1)));

        var round = huddle.expire(100).handle();

        assertThat(round.handled()).isEqualTo(1);
        assertThat(round.failures())
                .singleElement()
                .satisfies(f -> assertThat(f.item()).isEqualTo(bad.code().value()));
        assertThat(huddle.stored(good.code()).orElseThrow().ending()).isPresent();
        assertThat(huddle.stored(bad.code()).orElseThrow().ending()).isEmpty();
    }
}
