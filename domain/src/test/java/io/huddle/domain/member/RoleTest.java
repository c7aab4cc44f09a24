package io.huddle.domain.member;

import static io.huddle.domain.member.Permission.CLEAR_HISTORY;
import static io.huddle.domain.member.Permission.KICK_MEMBER;
import static io.huddle.domain.member.Permission.READ;
import static io.huddle.domain.member.Permission.SEND_MESSAGE;
import static io.huddle.domain.member.Permission.TERMINATE_SESSION;
import static io.huddle.domain.member.Permission.VIEW_SESSION;
import static io.huddle.domain.member.Permission.WRITE_STATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoleTest {

    private static Set<Permission> permissionsOf(Role role) {
        return Arrays.stream(Permission.values()).filter(role::may).collect(Collectors.toSet());
    }

    @Test
    void the_owner_may_do_everything() {
        assertThat(permissionsOf(Role.OWNER)).containsExactlyInAnyOrder(Permission.values());
    }

    @Test
    void controllers_and_members_read_send_and_write_state() {
        assertThat(permissionsOf(Role.CONTROLLER))
                .containsExactlyInAnyOrder(VIEW_SESSION, READ, SEND_MESSAGE, WRITE_STATE);
        assertThat(permissionsOf(Role.MEMBER)).containsExactlyInAnyOrder(VIEW_SESSION, READ, SEND_MESSAGE, WRITE_STATE);
    }

    @Test
    void a_display_only_reads() {
        assertThat(permissionsOf(Role.DISPLAY)).containsExactlyInAnyOrder(VIEW_SESSION, READ);
        assertThat(Role.DISPLAY.may(SEND_MESSAGE)).isFalse();
        assertThat(Role.DISPLAY.may(WRITE_STATE)).isFalse();
    }

    @Test
    void only_the_owner_terminates_kicks_and_clears_history() {
        for (var permission : EnumSet.of(TERMINATE_SESSION, KICK_MEMBER, CLEAR_HISTORY)) {
            assertThat(Arrays.stream(Role.values()).filter(r -> r.may(permission)))
                    .as("roles that may %s", permission)
                    .containsExactly(Role.OWNER);
        }
    }

    @Test
    void every_role_but_owner_is_joinable() {
        assertThat(Arrays.stream(Role.values()).filter(Role::isJoinable))
                .containsExactly(Role.CONTROLLER, Role.MEMBER, Role.DISPLAY);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void wire_names_are_lower_case_and_round_trip(Role role) {
        assertThat(role.wireName()).isEqualTo(role.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(Role.fromWireName(role.wireName())).contains(role);
    }

    @Test
    void unknown_wire_names_are_no_role() {
        assertThat(Role.fromWireName("admin")).isEmpty();
        assertThat(Role.fromWireName("OWNER")).isEmpty();
        assertThat(Role.fromWireName(null)).isEmpty();
    }

    @Test
    void the_owners_user_token_sees_terminates_kicks_and_clears_but_reads_nothing_inside() {
        assertThat(EnumSet.allOf(Permission.class).stream().filter(Permission::ownerActsByUserToken))
                .containsExactlyInAnyOrder(VIEW_SESSION, TERMINATE_SESSION, KICK_MEMBER, CLEAR_HISTORY);
    }
}
