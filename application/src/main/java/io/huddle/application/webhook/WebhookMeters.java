package io.huddle.application.webhook;

import java.time.Duration;

/** What the webhook deliveries count (runtime backs it with Micrometer; tests and the bench with nothing). */
public interface WebhookMeters {
    WebhookMeters NONE = new WebhookMeters() {};

    /** One HTTP attempt to one URL, taken or not, and how long it took. */
    default void attempt(boolean taken, Duration took) {}

    /** An event every URL has, {@code sinceEvent} after it happened. */
    default void delivered(Duration sinceEvent) {}

    /** An event given up on. */
    default void deadLettered() {}
}
