package io.huddle.domain.message;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sender's own id for a message, 1 to 64 characters of {@code [A-Za-z0-9._-]}: sending the same
 * one again from the same member returns the first message instead of storing a second.
 */
public record ClientMsgId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ClientMsgId {
        if (value == null || !FORMAT.matcher(value).matches())
            throw new IllegalArgumentException("not a client msg id");
    }

    public static Optional<ClientMsgId> parse(String raw) {
        return raw != null && FORMAT.matcher(raw).matches() ? Optional.of(new ClientMsgId(raw)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
