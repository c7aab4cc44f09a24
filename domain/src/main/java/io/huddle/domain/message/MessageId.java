package io.huddle.domain.message;

import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** Opaque message id: {@code msg_} and 22 base64url characters (128 random bits); at most 40 characters. */
public record MessageId(String value) {
    private static final Pattern FORMAT = Pattern.compile("msg_[A-Za-z0-9_-]{1,36}");

    public MessageId {
        if (value == null || !FORMAT.matcher(value).matches()) throw new IllegalArgumentException("not a message id");
    }

    public static Optional<MessageId> parse(String raw) {
        return raw != null && FORMAT.matcher(raw).matches() ? Optional.of(new MessageId(raw)) : Optional.empty();
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
