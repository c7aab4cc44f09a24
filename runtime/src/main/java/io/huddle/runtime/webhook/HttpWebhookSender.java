package io.huddle.runtime.webhook;

import io.huddle.domain.webhook.WebhookDelivery;
import io.huddle.domain.webhook.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Signs ({@link WebhookSignature}, at the moment of each send, so a retry carries a fresh timestamp) and POSTs a delivery with the JDK's HTTP client: the body as JSON, the event id, type, timestamp and
 * signature in headers (docs/api.md "Webhooks"). A 2xx answer within {@code timeout} is taken; anything
 * else (another status, a refused connection, a timeout) is refused, to be tried again. Redirects are not
 * followed: a receiver that moved should be configured anew.
 */
public final class HttpWebhookSender implements WebhookSender {
    /**
     * The status is the whole answer: the body is never read, and the connection is closed instead. The
     * request's timeout covers only the wait for the status line and headers, so a receiver that answered
     * and then sent its body a byte now and then held the sending thread (and every delivery behind it) for
     * as long as it liked.
     */
    private static final HttpResponse.BodyHandler<Void> STATUS_ONLY = info -> new HttpResponse.BodySubscriber<>() {
        @Override
        public CompletionStage<Void> getBody() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {}

        @Override
        public void onError(Throwable failure) {}

        @Override
        public void onComplete() {}
    };

    private final HttpClient client;
    private final Duration timeout;
    private final byte[] secret;
    private final InstantSource clock;

    public HttpWebhookSender(Duration timeout, byte[] secret, InstantSource clock) {
        this.timeout = Objects.requireNonNull(timeout);
        this.secret = secret.clone();
        this.clock = Objects.requireNonNull(clock);
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Sent send(URI url, WebhookDelivery delivery) {
        long timestamp = clock.instant().getEpochSecond();
        var request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Huddle-Webhooks/1")
                .header(WebhookSignature.ID_HEADER, delivery.eventId())
                .header(WebhookSignature.TYPE_HEADER, delivery.type())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                .build();
        try {
            var response = client.send(request, STATUS_ONLY);
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
