package io.huddle.domain.message;

import io.huddle.domain.text.Base64Url;
import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Opaque message id: {@code msg_} and 22 base64url characters (128 random bits); at most 40 characters. */
public record MessageId(String value) {
    public MessageId {
        if (!wellFormed(value)) throw new IllegalArgumentException("not a message id");
    }

    public static Optional<MessageId> parse(String raw) {
        return wellFormed(raw) ? Optional.of(new MessageId(raw)) : Optional.empty();
    }

    /** {@code msg_} and 1 to 36 base64url characters. */
    private static boolean wellFormed(String value) {
        return Base64Url.isPrefixed(value, "msg_", 1, 36);
    }

    public static MessageId generate(RandomGenerator random) {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return new MessageId("msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    @Override
    public String toString() {
        return value;
    }
}
