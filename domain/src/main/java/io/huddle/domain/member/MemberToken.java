package io.huddle.domain.member;

import io.huddle.domain.text.Base64Url;
import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The credential a member holds: {@code hm_} and 43 base64url characters (256 random bits). It is
 * shown to its member once; the server keeps only its {@link TokenHash}.
 */
public final class MemberToken {
    private final String value;

    private MemberToken(String value) {
        this.value = value;
    }

    public static Optional<MemberToken> parse(String raw) {
        return Base64Url.isPrefixed(raw, "hm_", 43, 43) ? Optional.of(new MemberToken(raw)) : Optional.empty();
    }

    /** Pass a {@code SecureRandom} in production. */
    public static MemberToken generate(RandomGenerator random) {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        return new MemberToken("hm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    public static boolean looksLikeOne(String raw) {
        return raw != null && raw.startsWith("hm_");
    }

    /** The secret itself, for the one response that hands it out. */
    public String reveal() {
        return value;
    }

    public TokenHash hash() {
        return TokenHash.of(value);
    }

    /** Never the secret: tokens reach no log line by accident. */
    @Override
    public String toString() {
        return "MemberToken[hm_…]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MemberToken token && TokenHash.constantTimeEquals(value, token.value);
    }

    @Override
    public int hashCode() {
        return hash().hashCode();
    }
}
