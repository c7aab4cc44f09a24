package io.huddle.domain.message;

import io.huddle.domain.text.Text;
import io.huddle.domain.text.Violations;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A search of a session's messages: those whose content contains {@code text}, ignoring case, every
 * character taken literally ({@code %} and {@code _} too), newest first, at most {@code limit}.
 */
public record SearchQuery(String text, int limit) {
    public static final int MIN_TEXT = 2;
    public static final int MAX_TEXT = 100;
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public SearchQuery {
        Objects.requireNonNull(text);
        int length = Text.codePoints(text);
        if (length < MIN_TEXT || length > MAX_TEXT) throw new IllegalArgumentException("search text length " + length);
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit " + limit);
    }

    /** A client's search: {@code q} 2..100 characters after trimming, {@code limit} 1..100 (default 20). */
    public static Optional<SearchQuery> of(Optional<String> q, OptionalLong limit, Violations violations) {
        var text = q.flatMap(raw -> violations.text("q", raw, MIN_TEXT, MAX_TEXT, false));
        if (q.isEmpty()) violations.add("q", "is required");
        long checkedLimit = violations.range("limit", limit.orElse(DEFAULT_LIMIT), 1, MAX_LIMIT);
        if (!violations.isEmpty()) return Optional.empty();
        return Optional.of(new SearchQuery(text.orElseThrow(), (int) checkedLimit));
    }

    /** Whether {@code content} matches, for stores that search in Java rather than in their query language. */
    public boolean matches(String content) {
        return fold(content).contains(fold(text));
    }

    private static String fold(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
