package io.huddle.domain.text;

import java.util.Optional;

/** The display-name rule, shared by the creator and everyone who joins: 1 to 50 characters, one line. */
public final class DisplayNames {
    private DisplayNames() {}

    public static Optional<String> check(String field, String raw, Violations violations) {
        return violations.text(field, raw, 1, 50, false);
    }
}
