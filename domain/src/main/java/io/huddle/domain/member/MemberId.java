package io.huddle.domain.member;

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

    /**
     * {@code m_} and 1 to 38 base64url characters. Checked by hand, not with a regex: every roster read
     * builds an id per member, and a matcher per id was a visible share of a join's CPU.
     */
    private static boolean wellFormed(String value) {
        if (value == null || value.length() < 3 || value.length() > MAX_LENGTH) return false;
        if (value.charAt(0) != 'm' || value.charAt(1) != '_') return false;
        for (int i = 2; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) return false;
        }
        return true;
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
