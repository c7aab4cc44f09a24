package io.huddle.domain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.domain.member.MemberId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SharedStateTest {
    private static final MemberId ALICE = new MemberId("m_alice");
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00.000Z");
    private static final StateData DATA = new StateData("[1,2]");

    @Test
    void never_written_is_version_zero_with_nothing_else() {
        assertThat(SharedState.NEVER_WRITTEN.version()).isZero();
        assertThat(SharedState.NEVER_WRITTEN.data()).isEmpty();
        assertThat(SharedState.NEVER_WRITTEN.updatedAt()).isEmpty();
        assertThat(SharedState.NEVER_WRITTEN.updatedBy()).isEmpty();
        assertThat(SharedState.NEVER_WRITTEN.isWritten()).isFalse();
    }

    @Test
    void a_written_state_keeps_its_data_time_and_writer() {
        var state = SharedState.written(3, DATA, AT, ALICE);

        assertThat(state.isWritten()).isTrue();
        assertThat(state.data()).contains(DATA);
        assertThat(state.updatedAt()).contains(AT);
        assertThat(state.updatedBy()).contains(ALICE);
    }

    @Test
    void version_zero_cannot_carry_data_and_a_written_version_must() {
        assertThatThrownBy(() -> new SharedState(0, Optional.of(DATA), Optional.of(AT), Optional.of(ALICE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedState(1, Optional.empty(), Optional.of(AT), Optional.of(ALICE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedState(1, Optional.of(DATA), Optional.empty(), Optional.of(ALICE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedState(1, Optional.of(DATA), Optional.of(AT), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versions_stay_within_what_json_clients_hold_exactly() {
        assertThat(SharedState.written(SharedState.MAX_VERSION, DATA, AT, ALICE).version())
                .isEqualTo(9_007_199_254_740_991L);
        assertThatThrownBy(() -> SharedState.written(SharedState.MAX_VERSION + 1, DATA, AT, ALICE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedState(-1, Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
