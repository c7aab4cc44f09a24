package io.huddle.domain.message;

import java.util.Optional;
import java.util.regex.Pattern;

/** What a message is, for clients to tell apart: {@code [a-z][a-z0-9_.:-]{0,31}}, {@code text} by default. */
public record MessageKind(String value) {
    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9_.:-]{0,31}");
    // After FORMAT: the constructor needs it.
    public static final MessageKind TEXT = new MessageKind("text");

    public MessageKind {
        if (value == null || !FORMAT.matcher(value).matches()) throw new IllegalArgumentException("not a message kind");
    }

    public static Optional<MessageKind> parse(String raw) {
        return raw != null && FORMAT.matcher(raw).matches() ? Optional.of(new MessageKind(raw)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
