package io.huddle.domain.session;

import io.huddle.domain.text.Text;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The short code people type to join a session: 6 to 12 symbols from an alphabet without the
 * look-alikes 0/O/1/I/L. Always upper case.
 */
public record SessionCode(String value) {
    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 12;
    private static final Pattern FORMAT = Pattern.compile("[" + ALPHABET + "]{" + MIN_LENGTH + "," + MAX_LENGTH + "}");

    public SessionCode {
        if (value == null || !FORMAT.matcher(value).matches()) throw new IllegalArgumentException("not a session code");
    }

    /**
     * Input from outside: case-insensitive, surrounding spaces ignored (every space {@link Text#trim} removes,
     * the no-break ones a code copied from a web page comes with included); never throws.
     */
    public static Optional<SessionCode> parse(String raw) {
        if (raw == null) return Optional.empty();
        String candidate = Text.trim(raw).toUpperCase(Locale.ROOT);
        return FORMAT.matcher(candidate).matches() ? Optional.of(new SessionCode(candidate)) : Optional.empty();
    }

    /** A fresh code; pass a {@code SecureRandom} in production so codes cannot be predicted. */
    public static SessionCode generate(RandomGenerator random, int length) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) throw new IllegalArgumentException("code length " + length);
        var code = new StringBuilder(length);
        for (int i = 0; i < length; i++) code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return new SessionCode(code.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
