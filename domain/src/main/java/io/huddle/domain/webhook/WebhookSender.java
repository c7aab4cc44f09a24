package io.huddle.domain.webhook;

import java.net.URI;

/**
 * Sends one delivery to one receiver, signed as docs/api.md "Webhooks" says (the sender holds the secret),
 * and says whether the receiver took it (a 2xx answer in time).
 */
public interface WebhookSender {
    Sent send(URI url, WebhookDelivery delivery);

    /** What became of a send: taken, or not (with why, for the log: never a secret). */
    sealed interface Sent {
        record Taken() implements Sent {}

        record Refused(String why) implements Sent {}
    }
}
