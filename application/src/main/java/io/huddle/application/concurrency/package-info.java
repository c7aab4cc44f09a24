/**
 * Time and threads as the use cases see them: a {@link io.huddle.application.concurrency.Scheduler}
 * the real-time path and the message writer share, so tests drive both with a manual clock.
 */
package io.huddle.application.concurrency;
