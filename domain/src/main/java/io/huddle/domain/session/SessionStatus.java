package io.huddle.domain.session;

import java.util.Locale;

/** {@code ended} covers terminated and expired sessions alike. */
public enum SessionStatus {
    ACTIVE,
    ENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
