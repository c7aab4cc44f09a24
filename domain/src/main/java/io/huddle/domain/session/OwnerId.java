package io.huddle.domain.session;

import java.util.Objects;

/** The user who created a session: a JWT's {@code sub}, or {@link #ANONYMOUS} in open mode. */
public record OwnerId(String value) {
    public static final OwnerId ANONYMOUS = new OwnerId("anonymous");

    public OwnerId {
        Objects.requireNonNull(value);
        if (value.isBlank()) throw new IllegalArgumentException("blank owner id");
    }

    @Override
    public String toString() {
        return value;
    }
}
