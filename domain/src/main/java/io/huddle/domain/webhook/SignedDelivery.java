package io.huddle.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One delivery of an event, signed (docs/api.md "Webhooks"): the receiver computes
 * {@code HMAC-SHA256(secret, timestamp + "." + body)} over the raw body bytes, hex, and compares it with the
 * {@code v1=} value of {@code Huddle-Signature}; {@code timestamp} is {@code Huddle-Timestamp}, Unix seconds.
 */
public record SignedDelivery(String eventId, String type, String body, long timestamp, String signature) {
    public static final String ID_HEADER = "Huddle-Event-Id";
    public static final String TYPE_HEADER = "Huddle-Event-Type";
    public static final String TIMESTAMP_HEADER = "Huddle-Timestamp";
    public static final String SIGNATURE_HEADER = "Huddle-Signature";

    public SignedDelivery {
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(type);
        Objects.requireNonNull(body);
        Objects.requireNonNull(signature);
    }

    /** Signs {@code event} at {@code now} with {@code secret}. */
    public static SignedDelivery of(OutboxEvent event, Instant now, byte[] secret) {
        long timestamp = now.getEpochSecond();
        return new SignedDelivery(
                event.eventId(),
                event.type(),
                event.body(),
                timestamp,
                "v1=" + hmac(secret, timestamp + "." + event.body()));
    }

    /** HMAC-SHA256 of {@code text} (UTF-8) with {@code secret}, lower-case hex. */
    public static String hmac(byte[] secret, String text) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Never the body or the signature in full. */
    @Override
    public String toString() {
        return "SignedDelivery[" + eventId + ", " + type + "]";
    }
}
