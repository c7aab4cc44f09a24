package io.huddle.domain.member;

import java.util.Locale;

/** Why a member is removed from a live session: what a store that reports departures (webhooks) records. */
public enum Leaving {
    /** The member removed itself. */
    LEFT,
    /** The owner (or a backend) removed it. */
    KICKED,
    /** No socket open for {@code HUDDLE_MEMBER_IDLE_TIMEOUT}. */
    IDLE;

    /** {@code left}, {@code kicked}, {@code idle}: the webhook's {@code reason}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
