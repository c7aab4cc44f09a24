package io.huddle.runtime.settings;

import java.util.Locale;

/** Where state lives: in this process only (embedded development mode), or in Redis and PostgreSQL. */
public enum Mode {
    EMBEDDED,
    CONNECTED;

    /** {@code embedded} or {@code connected}, as logs and docs write it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
