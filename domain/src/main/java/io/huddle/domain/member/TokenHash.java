package io.huddle.domain.member;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SHA-256 of a member token, hex: what stores keep and look tokens up by. A lookup by hash is an
 * exact-match index probe, so no timing leaks the secret itself.
 */
public record TokenHash(String hex) {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

    public TokenHash {
        if (hex == null || !FORMAT.matcher(hex).matches()) throw new IllegalArgumentException("not a token hash");
    }

    static TokenHash of(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return new TokenHash(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
