package io.huddle.runtime.settings;

/** Where state lives: in this process only (embedded development mode), or in Redis and PostgreSQL. */
public enum Mode {
    EMBEDDED,
    CONNECTED
}
