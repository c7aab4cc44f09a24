package io.huddle.domain.health;

/**
 * Checks one dependency on demand. Implementations bound their own time (a probe never hangs the
 * health endpoint) and report failure as {@link ProbeResult#down}, never by throwing.
 */
public interface HealthProbe {
    /** The key under {@code checks} in the health report: {@code redis}, {@code postgres}, {@code pubsub}. */
    String name();

    ProbeResult check();
}
