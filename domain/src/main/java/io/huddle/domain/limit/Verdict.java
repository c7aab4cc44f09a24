package io.huddle.domain.limit;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The answer to a multi-tier check: the tier that speaks for the request and its decision. When the
 * request is refused, that is the refusing tier with the longest {@code retryAfter} (so a client that
 * waits that long finds every tier allowing); when it is allowed, the tier with the fewest requests
 * remaining (the one a client runs into first), for the {@code RateLimit-*} headers.
 */
public record Verdict(String tier, Decision decision) {
    public Verdict {
        Objects.requireNonNull(tier);
        Objects.requireNonNull(decision);
    }

    public boolean allowed() {
        return decision.allowed();
    }

    public Duration retryAfter() {
        return decision.retryAfter();
    }

    /**
     * Picks the tier that speaks for a request from each tier's decision ({@code decisions.get(i)}
     * answers {@code checks.get(i)}); ties go to the earlier check.
     */
    public static Verdict of(List<LimitCheck> checks, List<Decision> decisions) {
        if (checks.isEmpty() || checks.size() != decisions.size()) {
            throw new IllegalArgumentException(checks.size() + " checks, " + decisions.size() + " decisions");
        }
        boolean refused = decisions.stream().anyMatch(d -> !d.allowed());
        Comparator<Integer> order = refused
                ? Comparator.comparing((Integer i) -> decisions.get(i).allowed())
                        .thenComparing(i -> decisions.get(i).retryAfter(), Comparator.reverseOrder())
                : Comparator.comparingInt((Integer i) -> decisions.get(i).remaining());
        int speaker = IntStream.range(0, checks.size())
                .boxed()
                .min(order.thenComparingInt(i -> i))
                .orElseThrow();
        return new Verdict(checks.get(speaker).tier(), decisions.get(speaker));
    }
}
