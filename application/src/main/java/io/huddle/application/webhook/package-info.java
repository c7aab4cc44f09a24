/** Delivering the webhook outbox: signed, retried with backoff, in order per session, then dead-lettered. */
package io.huddle.application.webhook;
