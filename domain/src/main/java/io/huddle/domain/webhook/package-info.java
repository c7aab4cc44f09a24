/** Webhooks: the outbox of events to report and their signed delivery (PROTOCOL.md section 10). */
package io.huddle.domain.webhook;
