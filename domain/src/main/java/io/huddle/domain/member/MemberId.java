package io.huddle.domain.member;

import io.huddle.domain.text.Base64Url;
import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Opaque member id: {@code m_} and 22 base64url characters (128 random bits). */
public record MemberId(String value) {
    private static final int MAX_LENGTH = 40;

    /**
     * The sender of a system message (a backend's publish, PROTOCOL.md section 10): no member ever has it,
     * since generated ids are 22 characters, and the wire shows it as {@code senderId: null}. Being one id,
     * it keeps a backend's {@code clientMsgId}s idempotent in the same unique index as a member's.
     */
    public static final MemberId SYSTEM = new MemberId("m_system");

    public MemberId {
        if (!wellFormed(value)) throw new IllegalArgumentException("not a member id");
    }

    public static Optional<MemberId> parse(String raw) {
        return wellFormed(raw) ? Optional.of(new MemberId(raw)) : Optional.empty();
    }

    /** {@code m_} and 1 to 38 base64url characters. */
    private static boolean wellFormed(String value) {
        return Base64Url.isPrefixed(value, "m_", 1, MAX_LENGTH - 2);
    }

    public static MemberId generate(RandomGenerator random) {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return new MemberId("m_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    public boolean isSystem() {
        return equals(SYSTEM);
    }

    @Override
    public String toString() {
        return value;
    }
}
