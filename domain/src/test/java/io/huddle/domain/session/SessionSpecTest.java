package io.huddle.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionSpecTest {
    private static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final String EMOJI = "😀";

    private final Violations violations = new Violations();

    private Optional<SessionSpec> spec(
            Optional<String> name, OptionalLong maxMembers, OptionalLong ttlSeconds, Optional<String> displayName) {
        return SessionSpec.of(name, maxMembers, ttlSeconds, displayName, MAX_LIFETIME, violations);
    }

    private Optional<SessionSpec> withName(String name) {
        return spec(Optional.of(name), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
    }

    private Optional<SessionSpec> withMaxMembers(long max) {
        return spec(Optional.empty(), OptionalLong.of(max), OptionalLong.empty(), Optional.empty());
    }

    private Optional<SessionSpec> withTtl(long seconds) {
        return spec(Optional.empty(), OptionalLong.empty(), OptionalLong.of(seconds), Optional.empty());
    }

    private Optional<SessionSpec> withDisplayName(String name) {
        return spec(Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.of(name));
    }

    private List<String> fields() {
        return violations.list().stream().map(Violation::field).toList();
    }

    @Test
    void omitted_fields_take_their_defaults() {
        var spec = spec(Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());

        assertThat(spec).contains(new SessionSpec("Untitled session", 100, MAX_LIFETIME, "Owner"));
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void given_fields_are_kept_and_trimmed() {
        var spec = spec(Optional.of("  Math study "), OptionalLong.of(7), OptionalLong.of(3600), Optional.of(" Ada\t"));

        assertThat(spec).contains(new SessionSpec("Math study", 7, Duration.ofHours(1), "Ada"));
    }

    @Test
    void name_of_one_to_one_hundred_characters_passes() {
        assertThat(withName("a")).isPresent();
        assertThat(withName("a".repeat(100))).isPresent();
    }

    @Test
    void name_beyond_one_hundred_characters_or_blank_is_refused() {
        assertThat(withName("a".repeat(101))).isEmpty();
        assertThat(withName("")).isEmpty();
        assertThat(withName("   ")).isEmpty();
        assertThat(fields()).containsExactly("name", "name", "name");
    }

    @Test
    void name_length_counts_code_points_not_utf16_units() {
        assertThat(withName(EMOJI.repeat(100))).isPresent();
        assertThat(withName(EMOJI.repeat(101))).isEmpty();
    }

    @Test
    void max_members_of_one_to_ten_thousand_passes() {
        assertThat(withMaxMembers(1).orElseThrow().maxMembers()).isEqualTo(1);
        assertThat(withMaxMembers(10_000).orElseThrow().maxMembers()).isEqualTo(10_000);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 10_001, Long.MAX_VALUE, Long.MIN_VALUE})
    void max_members_outside_one_to_ten_thousand_is_refused(long max) {
        assertThat(withMaxMembers(max)).isEmpty();
        assertThat(fields()).containsExactly("maxMembers");
    }

    @Test
    void ttl_of_sixty_seconds_to_the_max_lifetime_passes() {
        assertThat(withTtl(60).orElseThrow().ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(withTtl(MAX_LIFETIME.toSeconds()).orElseThrow().ttl()).isEqualTo(MAX_LIFETIME);
    }

    @ParameterizedTest
    @ValueSource(longs = {59, 0, -60, 86_401, Long.MAX_VALUE})
    void ttl_outside_sixty_seconds_to_the_max_lifetime_is_refused(long seconds) {
        assertThat(withTtl(seconds)).isEmpty();
        assertThat(fields()).containsExactly("ttlSeconds");
    }

    @Test
    void display_name_of_fifty_code_points_passes_and_fifty_one_is_refused() {
        assertThat(withDisplayName(EMOJI.repeat(50))).isPresent();
        assertThat(withDisplayName("a".repeat(50))).isPresent();
        assertThat(withDisplayName(EMOJI.repeat(51))).isEmpty();
        assertThat(withDisplayName("a".repeat(51))).isEmpty();
        assertThat(fields()).containsExactly("displayName", "displayName");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Al\u0007ice", "Al\nice", "Al\tice", "Al\u0000ice", "Al\u007Fice", "Al\u0085ice"})
    void control_characters_are_refused_in_names(String name) {
        assertThat(withDisplayName(name)).isEmpty();
        assertThat(withName(name)).isEmpty();
        assertThat(fields()).containsExactly("displayName", "name");
    }

    @Test
    void every_broken_field_is_listed_at_once() {
        var spec = spec(Optional.of(""), OptionalLong.of(0), OptionalLong.of(1), Optional.of(""));

        assertThat(spec).isEmpty();
        assertThat(fields()).containsExactlyInAnyOrder("name", "maxMembers", "ttlSeconds", "displayName");
    }
}
