package io.huddle.domain.limit;

/**
 * The common limiter that does not qualify: COUNT per window aligned to multiples of WINDOW. Here
 * only so the property test shows its checker catches it (COUNT at the end of one window plus COUNT
 * at the start of the next pass within one WINDOW).
 */
final class FixedWindowCounter {
    private long currentWindow = Long.MIN_VALUE;
    private int used;

    boolean allow(Limit limit, long nowMicros) {
        long windowIndex = Math.floorDiv(nowMicros, limit.windowMicros());
        if (windowIndex != currentWindow) {
            currentWindow = windowIndex;
            used = 0;
        }
        if (used >= limit.count()) return false;
        used++;
        return true;
    }
}
