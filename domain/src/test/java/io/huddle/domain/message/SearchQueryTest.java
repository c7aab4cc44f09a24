package io.huddle.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SearchQueryTest {
    private final Violations violations = new Violations();

    private Optional<SearchQuery> search(String q) {
        return SearchQuery.of(Optional.of(q), OptionalLong.empty(), violations);
    }

    @Test
    void the_text_is_trimmed_and_the_limit_defaults_to_20() {
        assertThat(search("  hello ")).contains(new SearchQuery("hello", 20));
    }

    @Test
    void the_text_is_2_to_100_code_points() {
        assertThat(search("😀😀")).isPresent();
        assertThat(search("x".repeat(100))).isPresent();
        assertThat(search(" x ")).isEmpty();
        assertThat(search("x".repeat(101))).isEmpty();
        assertThat(violations.list()).extracting(Violation::field).containsExactly("q", "q");
    }

    @Test
    void a_missing_text_and_a_bad_limit_are_both_listed() {
        assertThat(SearchQuery.of(Optional.empty(), OptionalLong.of(101), violations))
                .isEmpty();
        assertThat(violations.list()).extracting(Violation::field).containsExactly("q", "limit");
    }

    @Test
    void matching_ignores_case_and_takes_every_character_literally() {
        assertThat(new SearchQuery("HeLLo", 5).matches("say hello!")).isTrue();
        assertThat(new SearchQuery("50%", 5).matches("down 50% today")).isTrue();
        assertThat(new SearchQuery("50%", 5).matches("down 500 today")).isFalse();
        assertThat(new SearchQuery("a_b", 5).matches("a_b")).isTrue();
        assertThat(new SearchQuery("a_b", 5).matches("axb")).isFalse();
        assertThat(new SearchQuery(".*", 5).matches("anything")).isFalse();
    }
}
