package io.huddle.domain.webhook;

import java.util.Objects;

/** One event to send: its id (what receivers de-duplicate by), its type and the JSON body, complete. */
public record WebhookDelivery(String eventId, String type, String body) {
    public WebhookDelivery {
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(type);
        Objects.requireNonNull(body);
    }

    public static WebhookDelivery of(OutboxEvent event) {
        return new WebhookDelivery(event.eventId(), event.type(), event.body());
    }

    /** Never the body. */
    @Override
    public String toString() {
        return "WebhookDelivery[" + eventId + ", " + type + "]";
    }
}
