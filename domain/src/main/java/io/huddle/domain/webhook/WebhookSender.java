package io.huddle.domain.webhook;

import java.net.URI;

/** Sends one signed delivery to one receiver and says whether it took it (a 2xx answer in time). */
public interface WebhookSender {
    Sent send(URI url, SignedDelivery delivery);

    /** What became of a send: taken, or not (with why, for the log: never a secret). */
    sealed interface Sent {
        record Taken() implements Sent {}

        record Refused(String why) implements Sent {}
    }
}
