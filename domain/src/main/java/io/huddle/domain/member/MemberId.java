package io.huddle.domain.member;

import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** Opaque member id: {@code m_} and 22 base64url characters (128 random bits). */
public record MemberId(String value) {
    private static final Pattern FORMAT = Pattern.compile("m_[A-Za-z0-9_-]{1,38}");

    /**
     * The sender of a system message (a backend's publish, PROTOCOL.md section 10): no member ever has it,
     * since generated ids are 22 characters, and the wire shows it as {@code senderId: null}. Being one id,
     * it keeps a backend's {@code clientMsgId}s idempotent in the same unique index as a member's.
     */
    public static final MemberId SYSTEM = new MemberId("m_system");

    public MemberId {
        if (value == null || !FORMAT.matcher(value).matches()) throw new IllegalArgumentException("not a member id");
    }

    public static Optional<MemberId> parse(String raw) {
        return raw != null && FORMAT.matcher(raw).matches() ? Optional.of(new MemberId(raw)) : Optional.empty();
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
