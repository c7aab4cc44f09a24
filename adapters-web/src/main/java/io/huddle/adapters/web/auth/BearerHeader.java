package io.huddle.adapters.web.auth;

import java.util.regex.Pattern;

/**
 * Reads the {@code Authorization} header (PROTOCOL.md section 3): {@code Bearer <credential>}, the scheme
 * case-insensitive (RFC 9110), the credential in RFC 6750's token68 syntax, which JWTs and member tokens
 * both fit. What it says about the credential itself is for {@code Authenticate} to decide.
 */
public final class BearerHeader {
    private static final Pattern BEARER = Pattern.compile("(?i)bearer +([A-Za-z0-9._~+/-]+=*) *");

    private BearerHeader() {}

    /** What the header holds. */
    public sealed interface Read {
        /** No header at all: the caller is nobody. */
        record Absent() implements Read {}

        /** A bearer credential, not yet verified. */
        record Credential(String value) implements Read {
            @Override
            public String toString() {
                return "Credential[redacted]"; // never a token in a log line by accident
            }
        }

        /** A header that is not a bearer credential (another scheme, nothing after the scheme, junk). */
        record Malformed() implements Read {}
    }

    public static Read read(String header) {
        if (header == null) return new Read.Absent();
        var matcher = BEARER.matcher(header.strip());
        return matcher.matches() ? new Read.Credential(matcher.group(1)) : new Read.Malformed();
    }
}
