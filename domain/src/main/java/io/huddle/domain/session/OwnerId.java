package io.huddle.domain.session;

import io.huddle.domain.text.Text;
import java.util.Objects;
import java.util.Optional;

/** The user who created a session: a JWT's {@code sub}, or {@link #ANONYMOUS} in open mode. */
public record OwnerId(String value) {
    public static final OwnerId ANONYMOUS = new OwnerId("anonymous");

    public OwnerId {
        Objects.requireNonNull(value);
        if (value.isBlank()) throw new IllegalArgumentException("blank owner id");
    }

    /** The longest user id, in characters (code points), that a credential or a backend may name. */
    public static final int MAX_LENGTH = 128;

    /**
     * Whether {@code value} has the form of a user id: 1 to {@link #MAX_LENGTH} characters, not blank,
     * no control character (a NUL, which PostgreSQL cannot store in text, among them).
     */
    public static boolean isWellFormed(String value) {
        if (value == null || value.isBlank()) return false;
        return Text.codePoints(value) <= MAX_LENGTH && !Text.hasControlCharacters(value, false);
    }

    /**
     * The user a credential's {@code sub} or a backend's {@code ownerId} names: well formed, and not
     * {@link #ANONYMOUS}, which stands for nobody who can sign in (a user by that name would own every
     * session created in open mode).
     */
    public static Optional<OwnerId> claimed(String value) {
        if (!isWellFormed(value) || value.equals(ANONYMOUS.value())) return Optional.empty();
        return Optional.of(new OwnerId(value));
    }

    @Override
    public String toString() {
        return value;
    }
}
