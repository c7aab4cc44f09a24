package io.huddle.runtime.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers of a webhook delivery and its signature (docs/api.md "Verifying a delivery"): the receiver
 * computes {@code HMAC-SHA256(secret, timestamp + "." + body)} over the raw body, lower-case hex, and compares
 * it with the {@code v1=} value of {@code Huddle-Signature}; {@code timestamp} is {@code Huddle-Timestamp},
 * Unix seconds, of the moment this delivery (a retry too) was signed.
 */
public final class WebhookSignature {
    public static final String ID_HEADER = "Huddle-Event-Id";
    public static final String TYPE_HEADER = "Huddle-Event-Type";
    public static final String TIMESTAMP_HEADER = "Huddle-Timestamp";
    public static final String SIGNATURE_HEADER = "Huddle-Signature";

    private WebhookSignature() {}

    /** The {@code Huddle-Signature} value of {@code body} signed at {@code timestamp} with {@code secret}. */
    public static String sign(byte[] secret, long timestamp, String body) {
        return "v1=" + hmac(secret, timestamp + "." + body);
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
}
