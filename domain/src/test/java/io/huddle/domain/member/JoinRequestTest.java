package io.huddle.domain.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoinRequestTest {
    private final Violations violations = new Violations();

    private Optional<JoinRequest> request(Optional<String> displayName, Optional<String> role) {
        return JoinRequest.of(displayName, role, violations);
    }

    private List<String> fields() {
        return violations.list().stream().map(Violation::field).toList();
    }

    @Test
    void role_defaults_to_member_and_the_name_is_trimmed() {
        assertThat(request(Optional.of("  Alice "), Optional.empty())).contains(new JoinRequest("Alice", Role.MEMBER));
    }

    @Test
    void a_name_that_shows_as_nothing_or_reorders_itself_is_refused() {
        for (var invisible : List.of("\u200b", "\u200b\u200c\u200d", "\u2060", "\u0301", "\u200e")) {
            assertThat(request(Optional.of(invisible), Optional.empty()))
                    .as(invisible)
                    .isEmpty();
        }
        for (var reordering : List.of("Alice\u202e", "\u202eecilA", "a\u2066b\u2069", "Bob\u202d")) {
            assertThat(request(Optional.of(reordering), Optional.empty()))
                    .as(reordering)
                    .isEmpty();
        }
        assertThat(fields()).containsOnly("displayName").hasSize(9);
    }

    @Test
    void names_in_any_script_with_emoji_and_joiners_are_taken() {
        for (var name : List.of("Zoë", "محمد", "李雷", "👩\u200d💻", "R2-D2", "\u200fשרה")) {
            assertThat(request(Optional.of(name), Optional.empty())).as(name).isPresent();
        }
    }

    @Test
    void no_break_spaces_and_a_bom_are_trimmed_like_any_white_space() {
        assertThat(request(Optional.of("\u00a0Alice\u202f\ufeff"), Optional.empty()))
                .contains(new JoinRequest("Alice", Role.MEMBER));
        assertThat(request(Optional.of("Al\u00a0ice"), Optional.empty()))
                .contains(new JoinRequest("Al\u00a0ice", Role.MEMBER));
        assertThat(request(Optional.of("\u00a0\u2007\u3000"), Optional.empty())).isEmpty();
        assertThat(fields()).containsExactly("displayName");
    }

    @ParameterizedTest
    @ValueSource(strings = {"controller", "member", "display"})
    void joinable_roles_are_accepted(String role) {
        assertThat(request(Optional.of("Alice"), Optional.of(role))
                        .orElseThrow()
                        .role()
                        .wireName())
                .isEqualTo(role);
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner", "OWNER", "admin", "Member", "", " member"})
    void owner_and_unknown_roles_are_refused(String role) {
        assertThat(request(Optional.of("Alice"), Optional.of(role))).isEmpty();
        assertThat(fields()).containsExactly("role");
    }

    @Test
    void display_name_is_required() {
        assertThat(request(Optional.empty(), Optional.empty())).isEmpty();
        assertThat(fields()).containsExactly("displayName");
    }

    @Test
    void display_name_counts_code_points_fifty_pass_and_fifty_one_fail() {
        assertThat(request(Optional.of("🎸".repeat(50)), Optional.empty())).isPresent();
        assertThat(request(Optional.of("🎸".repeat(51)), Optional.empty())).isEmpty();
        assertThat(request(Optional.of("x".repeat(51)), Optional.empty())).isEmpty();
        assertThat(request(Optional.of(" "), Optional.empty())).isEmpty();
    }

    @Test
    void control_characters_in_the_display_name_are_refused() {
        assertThat(request(Optional.of("Bob\u001B[31m"), Optional.empty())).isEmpty();
        assertThat(fields()).containsExactly("displayName");
    }

    @Test
    void a_bad_name_and_a_bad_role_are_both_listed() {
        assertThat(request(Optional.of(""), Optional.of("owner"))).isEmpty();
        assertThat(fields()).containsExactly("displayName", "role");
    }
}
