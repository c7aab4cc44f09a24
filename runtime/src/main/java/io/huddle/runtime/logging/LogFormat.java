package io.huddle.runtime.logging;

import java.util.Locale;
import java.util.Optional;

/** {@code LOG_FORMAT}: {@code json} for machines (the default), {@code text} for people. */
public enum LogFormat {
    JSON,
    TEXT;

    /** {@code json} or {@code text}, in any case; empty for anything else. */
    public static Optional<LogFormat> parse(String value) {
        if (value == null) return Optional.empty();
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> Optional.of(JSON);
            case "text" -> Optional.of(TEXT);
            default -> Optional.empty();
        };
    }
}
