package io.huddle.application.limit;

import io.huddle.domain.limit.LimitCheck;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.limit.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * Counts one request against the rate limits of PROTOCOL.md section 7: the policy names the tiers and
 * keys of the request, the limiter counts them in one step. A request no tier applies to is not
 * counted at all (the limiter is not asked).
 */
public final class CheckLimits {
    private static final System.Logger LOG = System.getLogger(CheckLimits.class.getName());

    private final LimitPolicy policy;
    private final RateLimiter limiter;

    public CheckLimits(LimitPolicy policy, RateLimiter limiter) {
        this.policy = Objects.requireNonNull(policy);
        this.limiter = Objects.requireNonNull(limiter);
        // The limits in force, once at start-up: what an operator checks first when users get 429s.
        LOG.log(System.Logger.Level.INFO, () -> "rate limits: " + policy.tiers().describe());
    }

    public sealed interface Outcome {}

    /** Every tier of this request is off. */
    public record Unlimited() implements Outcome {}

    /** Allowed and counted; {@code verdict} has what the rate-limit headers say. */
    public record Allowed(Verdict verdict) implements Outcome {}

    /** Refused by {@code verdict.tier()}; counted by no tier. */
    public record Refused(Verdict verdict) implements Outcome {}

    /**
     * The checks of {@code action}, for a caller that counts them itself later, together with others
     * (the message writer's group commit); empty when every tier of it is off.
     */
    public List<LimitCheck> checksOf(LimitPolicy.Action action) {
        return policy.checks(action);
    }

    public Outcome handle(LimitPolicy.Action action) {
        var checks = policy.checks(action);
        if (checks.isEmpty()) return new Unlimited();
        var verdict = limiter.check(checks);
        return verdict.allowed() ? new Allowed(verdict) : new Refused(verdict);
    }
}
