package io.huddle.domain.limit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A brute-force judge of the rule, independent of any limiter's algorithm: it counts accepted
 * requests in every window by looking at all of them.
 */
final class SlidingWindowChecker {
    private SlidingWindowChecker() {}

    /**
     * The first way the answers break the rule, if any: an interval of length WINDOW holding more than
     * COUNT accepted requests (too lenient), or a refused request that would not have broken the rule
     * had it been accepted (too strict).
     */
    static Optional<String> violation(Schedule schedule, boolean[] accepted) {
        long[] t = schedule.times();
        long window = schedule.window();
        int count = schedule.limit().count();
        for (int i = 0; i < t.length; i++) {
            if (!accepted[i]) continue;
            int inInterval = 0;
            for (int j = 0; j < t.length; j++) {
                if (accepted[j] && t[j] >= t[i] && t[j] < t[i] + window) inInterval++;
            }
            if (inInterval > count) {
                return Optional.of(inInterval + " accepted in [" + t[i] + ", " + (t[i] + window) + ")");
            }
        }
        for (int r = 0; r < t.length; r++) {
            if (accepted[r]) continue;
            if (acceptedUpTo(t, accepted, r - 1, t[r] - window, t[r]) < count) {
                return Optional.of("request " + r + " at " + t[r] + " refused although its window had room");
            }
        }
        return Optional.empty();
    }

    /**
     * The first decision whose numbers are wrong: {@code remaining} is not what the window has left,
     * {@code retryAfter} is not the first moment a request would be allowed again, or {@code reset} is
     * not the first moment the window frees a place.
     */
    static Optional<String> wrongNumbers(Schedule schedule, List<Decision> decisions) {
        long[] t = schedule.times();
        long window = schedule.window();
        int count = schedule.limit().count();
        var accepted = new boolean[t.length];
        for (int r = 0; r < t.length; r++) accepted[r] = decisions.get(r).allowed();
        for (int r = 0; r < t.length; r++) {
            var d = decisions.get(r);
            int inWindow = acceptedUpTo(t, accepted, r, t[r] - window, t[r]);
            long reset = micros(d.reset());
            if (d.allowed()) {
                if (d.remaining() != count - inWindow) return Optional.of("request " + r + ": " + d);
                if (!(inWindowAt(t, accepted, r, window, t[r] + reset) < inWindow
                        && inWindowAt(t, accepted, r, window, t[r] + reset - 1) == inWindow)) {
                    return Optional.of("request " + r + " reset: " + d);
                }
            } else {
                long retry = micros(d.retryAfter());
                if (!(retry > 0
                        && inWindowAt(t, accepted, r, window, t[r] + retry) < count
                        && inWindowAt(t, accepted, r, window, t[r] + retry - 1) >= count
                        && reset == retry)) {
                    return Optional.of("request " + r + " retryAfter: " + d);
                }
            }
        }
        return Optional.empty();
    }

    /** Requests 0..last that were accepted at a time in (from, to]. */
    private static int acceptedUpTo(long[] t, boolean[] accepted, int last, long from, long to) {
        int n = 0;
        for (int j = 0; j <= last; j++) if (accepted[j] && t[j] > from && t[j] <= to) n++;
        return n;
    }

    /** Requests 0..last that were accepted and still in the window of a request at {@code at}. */
    private static int inWindowAt(long[] t, boolean[] accepted, int last, long window, long at) {
        return acceptedUpTo(t, accepted, last, at - window, at);
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }
}
