package io.huddle.domain.limit;

import java.util.List;

/**
 * Counts requests against rate limits, every tier of one request at once. What implementations
 * promise:
 *
 * <ul>
 *   <li>Each (tier, key) follows the exact sliding-window rule of
 *       {@link io.huddle.domain.limit.SlidingWindowLog}: in any interval of length WINDOW at most COUNT
 *       of its requests are allowed, and a request is refused only when allowing it would break that.
 *   <li>A check is all or nothing: the request is allowed only if every tier allows it, and is then
 *       counted by every tier; refused by any tier, it is counted by none. Nothing interleaves
 *       between the tiers' checking and counting, also across threads and, for a shared store,
 *       across instances. A tier that is not {@link LimitCheck#counted} decides the same way but
 *       never records the request.
 *   <li>Refused: the answer is the refusing tier with the longest {@code retryAfter}. Allowed: the
 *       tier with the fewest requests remaining. See {@link Verdict#of}.
 *   <li>Memory per (tier, key) is bounded by its COUNT, and a key nobody uses is forgotten after its
 *       window.
 * </ul>
 *
 * Safe for concurrent use. A store that cannot be reached throws an unchecked exception.
 */
public interface RateLimiter {

    /**
     * Checks one request against {@code checks}: at least one, no (tier, key) twice (see
     * {@link LimitCheck#validated}), else an {@link IllegalArgumentException}. A caller whose
     * tiers are all off does not call.
     */
    Verdict check(List<LimitCheck> checks);

    /**
     * Checks several requests in the order given, as {@link #check} one after the other would at the
     * same moment: a later request sees what the earlier ones counted. One verdict per request, in
     * order. A shared store answers them all in one round trip (group commits check their sends so);
     * this default asks one by one.
     */
    default List<Verdict> checkEach(List<List<LimitCheck>> requests) {
        return requests.stream().map(this::check).toList();
    }
}
