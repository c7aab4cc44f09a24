package io.huddle.domain.text;

import java.util.Objects;

/** One field that broke its rule, as {@code invalid_request} lists it. */
public record Violation(String field, String message) {
    public Violation {
        Objects.requireNonNull(field);
        Objects.requireNonNull(message);
    }
}
