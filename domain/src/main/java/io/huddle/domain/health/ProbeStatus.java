package io.huddle.domain.health;

/** {@code disabled}: the process runs without that dependency (embedded mode), by design. */
public enum ProbeStatus {
    UP,
    DOWN,
    DISABLED
}
