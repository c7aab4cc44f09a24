package io.huddle.runtime.webhook;

import io.huddle.domain.webhook.SignedDelivery;
import io.huddle.domain.webhook.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * POSTs a signed delivery with the JDK's HTTP client: the body as JSON, the event id, type, timestamp and
 * signature in headers (docs/api.md "Webhooks"). A 2xx answer within {@code timeout} is taken; anything
 * else (another status, a refused connection, a timeout) is refused, to be tried again. Redirects are not
 * followed: a receiver that moved should be configured anew.
 */
public final class HttpWebhookSender implements WebhookSender {
    private final HttpClient client;
    private final Duration timeout;

    public HttpWebhookSender(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout);
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Sent send(URI url, SignedDelivery delivery) {
        var request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Huddle-Webhooks/1")
                .header(SignedDelivery.ID_HEADER, delivery.eventId())
                .header(SignedDelivery.TYPE_HEADER, delivery.type())
                .header(SignedDelivery.TIMESTAMP_HEADER, Long.toString(delivery.timestamp()))
                .header(SignedDelivery.SIGNATURE_HEADER, delivery.signature())
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                .build();
        try {
            var response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? new Sent.Taken() : new Sent.Refused("status " + status);
        } catch (IOException e) {
            return new Sent.Refused(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent.Refused("interrupted");
        }
    }
}
