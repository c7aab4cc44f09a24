package io.huddle.domain.server;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name an operator gives a server key ({@code billing}, {@code ops}): what logs, metrics and the
 * {@code server} rate-limit tier know a backend by, never its secret.
 */
public record ServerKeyName(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

    public ServerKeyName {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a key name is 1 to 32 characters of A-Z, a-z, 0-9, '_', '.', '-'");
        }
    }

    public static Optional<ServerKeyName> parse(String raw) {
        return raw != null && FORMAT.matcher(raw).matches() ? Optional.of(new ServerKeyName(raw)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
