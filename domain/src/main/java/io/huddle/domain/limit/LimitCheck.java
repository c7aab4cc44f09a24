package io.huddle.domain.limit;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tier of a request's rate check: the tier's name ({@code message}, {@code connect}, …), the key it
 * counts by (a member, a client IP, one global key), its limit, and whether an allowed request is
 * {@code counted} by it. A tier that is not counted still decides (a full window refuses the request)
 * but never records it: {@code join-fail} gates every join by the failures other requests recorded.
 */
public record LimitCheck(String tier, String key, Limit limit, boolean counted) {
    private static final Pattern TIER = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public LimitCheck {
        Objects.requireNonNull(tier);
        Objects.requireNonNull(key);
        Objects.requireNonNull(limit);
        if (!TIER.matcher(tier).matches()) throw new IllegalArgumentException("tier " + tier);
        if (key.isEmpty()) throw new IllegalArgumentException("empty key of tier " + tier);
    }

    /** A tier that counts the request when every tier allows it: the usual kind. */
    public LimitCheck(String tier, String key, Limit limit) {
        this(tier, key, limit, true);
    }

    /** A tier that decides like any other but never counts the request (see the type's comment). */
    public static LimitCheck checkOnly(String tier, String key, Limit limit) {
        return new LimitCheck(tier, key, limit, false);
    }

    /** This check with another limit: the Redis fallback scales every limit down to its share. */
    public LimitCheck withLimit(Limit other) {
        return new LimitCheck(tier, key, other, counted);
    }

    /**
     * The checks of one request as every {@code RateLimiter} accepts them: at least one, no (tier, key)
     * twice; else an {@link IllegalArgumentException}.
     */
    public static List<LimitCheck> validated(List<LimitCheck> checks) {
        if (checks.isEmpty()) throw new IllegalArgumentException("no limit to check");
        var copy = List.copyOf(checks);
        long distinct =
                copy.stream().map(c -> List.of(c.tier(), c.key())).distinct().count();
        if (distinct != copy.size()) throw new IllegalArgumentException("a tier and key twice in " + copy);
        return copy;
    }
}
