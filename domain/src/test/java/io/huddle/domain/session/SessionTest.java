package io.huddle.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static final Instant T0 = Instant.parse("2030-05-01T10:00:00.000Z");
    private static final SessionSpec SPEC = new SessionSpec("Study", 10, Duration.ofHours(1), "Owner");
    private final Session session = Session.open(new SessionCode("K7M2QX"), new OwnerId("user-1"), SPEC, T0);

    @Test
    void opening_sets_times_from_now_and_the_ttl() {
        assertThat(session.createdAt()).isEqualTo(T0);
        assertThat(session.lastActivityAt()).isEqualTo(T0);
        assertThat(session.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(session.name()).isEqualTo("Study");
        assertThat(session.maxMembers()).isEqualTo(10);
        assertThat(session.ending()).isEmpty();
    }

    @Test
    void a_session_is_live_until_one_millisecond_before_its_expiry() {
        assertThat(session.isLiveAt(T0)).isTrue();
        assertThat(session.isLiveAt(session.expiresAt().minusMillis(1))).isTrue();
        assertThat(session.statusAt(session.expiresAt().minusMillis(1))).isEqualTo(SessionStatus.ACTIVE);
    }

    @Test
    void a_session_is_not_live_at_or_after_its_expiry() {
        assertThat(session.isLiveAt(session.expiresAt())).isFalse();
        assertThat(session.isLiveAt(session.expiresAt().plusSeconds(1))).isFalse();
        assertThat(session.statusAt(session.expiresAt())).isEqualTo(SessionStatus.ENDED);
    }

    @Test
    void an_ended_session_is_not_live_before_its_expiry() {
        var ending = new Ending(T0.plusSeconds(5), EndReason.OWNER);
        var ended = session.ended(ending);

        assertThat(ended.isLiveAt(T0.plusSeconds(6))).isFalse();
        assertThat(ended.statusAt(T0.plusSeconds(6))).isEqualTo(SessionStatus.ENDED);
        assertThat(ended.ending()).contains(ending);
    }

    @Test
    void a_session_is_inactive_once_the_timeout_has_passed_since_its_last_activity() {
        var timeout = Duration.ofMinutes(30);

        assertThat(session.inactiveAt(T0.plus(timeout).minusMillis(1), timeout)).isFalse();
        assertThat(session.inactiveAt(T0.plus(timeout), timeout)).isTrue();
        assertThat(session.inactiveAt(T0.plus(timeout).plusSeconds(1), timeout)).isTrue();
    }

    @Test
    void activity_moves_the_inactivity_deadline() {
        var timeout = Duration.ofMinutes(30);
        var touched = session.withActivity(T0.plusSeconds(600));

        assertThat(touched.inactiveAt(T0.plus(timeout), timeout)).isFalse();
        assertThat(touched.inactiveAt(T0.plusSeconds(600).plus(timeout), timeout))
                .isTrue();
    }

    @Test
    void earlier_activity_never_lowers_last_activity() {
        var touched = session.withActivity(T0.plusSeconds(60));

        assertThat(touched.withActivity(T0.plusSeconds(30))).isSameAs(touched);
        assertThat(touched.withActivity(T0.plusSeconds(60))).isSameAs(touched);
    }

    @Test
    void ownership_is_by_owner_id() {
        assertThat(session.isOwnedBy(new OwnerId("user-1"))).isTrue();
        assertThat(session.isOwnedBy(new OwnerId("user-2"))).isFalse();
    }

    @Test
    void a_session_must_expire_after_it_starts_and_hold_at_least_one_member() {
        var code = new SessionCode("K7M2QX");
        var owner = new OwnerId("user-1");

        assertThatThrownBy(() -> new Session(code, owner, "n", 1, T0, T0, T0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Session(code, owner, "n", 0, T0, T0.plusSeconds(60), T0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
