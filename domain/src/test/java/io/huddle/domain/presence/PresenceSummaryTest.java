package io.huddle.domain.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresenceSummaryTest {
    private static final Instant T0 = Instant.parse("2030-05-01T10:00:00Z");

    private static Member member(String id, Role role) {
        return Member.joining(new MemberId(id), id, role, T0);
    }

    @Test
    void nobody_counts_zero_for_every_role() {
        var summary = PresenceSummary.of(List.of(), Set.of());

        assertThat(summary.total()).isZero();
        assertThat(summary.online()).isZero();
        var zeros = Map.of(Role.OWNER, 0, Role.CONTROLLER, 0, Role.MEMBER, 0, Role.DISPLAY, 0);
        assertThat(summary.byRole()).isEqualTo(zeros);
        assertThat(summary.onlineByRole()).isEqualTo(zeros);
    }

    @Test
    void members_are_counted_by_role_and_by_whether_they_are_online() {
        var owner = member("m_owner", Role.OWNER);
        var alice = member("m_alice", Role.MEMBER);
        var bob = member("m_bob", Role.MEMBER);
        var wall = member("m_wall", Role.DISPLAY);
        var stranger = new MemberId("m_stranger");

        var summary = PresenceSummary.of(List.of(owner, alice, bob, wall), Set.of(alice.id(), wall.id(), stranger));

        assertThat(summary.total()).isEqualTo(4);
        assertThat(summary.online()).isEqualTo(2);
        assertThat(summary.byRole())
                .isEqualTo(Map.of(Role.OWNER, 1, Role.CONTROLLER, 0, Role.MEMBER, 2, Role.DISPLAY, 1));
        assertThat(summary.onlineByRole())
                .isEqualTo(Map.of(Role.OWNER, 0, Role.CONTROLLER, 0, Role.MEMBER, 1, Role.DISPLAY, 1));
    }
}
