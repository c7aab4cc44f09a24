package io.huddle.domain.session;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a session ended, as {@code session:terminated} names it. */
public enum EndReason {
    OWNER,
    INACTIVITY,
    EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EndReason> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}
