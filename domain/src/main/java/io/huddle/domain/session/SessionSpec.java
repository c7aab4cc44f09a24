package io.huddle.domain.session;

import io.huddle.domain.text.DisplayNames;
import io.huddle.domain.text.Violations;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** What a creator asks for, checked against the rules of PROTOCOL.md section 4. */
public record SessionSpec(String name, int maxMembers, Duration ttl, String ownerDisplayName) {
    public static final String DEFAULT_NAME = "Untitled session";
    public static final String DEFAULT_OWNER_NAME = "Owner";
    public static final int DEFAULT_MAX_MEMBERS = 100;
    public static final int MAX_MEMBERS_LIMIT = 10_000;
    public static final long MIN_TTL_SECONDS = 60;

    /** Checks every field; records each violation in {@code violations} and returns a spec only when none. */
    public static Optional<SessionSpec> of(
            Optional<String> name,
            OptionalLong maxMembers,
            OptionalLong ttlSeconds,
            Optional<String> displayName,
            Duration maxLifetime,
            Violations violations) {
        var checkedName = violations.text("name", name.orElse(DEFAULT_NAME), 1, 100, false);
        long max = violations.range("maxMembers", maxMembers.orElse(DEFAULT_MAX_MEMBERS), 1, MAX_MEMBERS_LIMIT);
        long ttl = violations.range(
                "ttlSeconds", ttlSeconds.orElse(maxLifetime.toSeconds()), MIN_TTL_SECONDS, maxLifetime.toSeconds());
        var owner = DisplayNames.check("displayName", displayName.orElse(DEFAULT_OWNER_NAME), violations);
        if (!violations.isEmpty()) return Optional.empty();
        return Optional.of(
                new SessionSpec(checkedName.orElseThrow(), (int) max, Duration.ofSeconds(ttl), owner.orElseThrow()));
    }
}
