package io.huddle.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * How many gateway instances were alive when this one last looked (at its last heartbeat). While Redis
 * is down nobody can look, so the rate-limit fallback divides every limit by this last count
 * (PROTOCOL.md section 8). One until the first look: a lone instance's share.
 */
public final class LiveInstances implements IntSupplier {
    private final AtomicInteger count = new AtomicInteger(1);
    private final AtomicBoolean entryLost = new AtomicBoolean();

    /** The registry no longer had this instance's entry at a beat: Redis was flushed or restarted empty. */
    public void lostOwnEntry() {
        entryLost.set(true);
    }

    /** Whether {@link #lostOwnEntry} happened since the last call (the Redis watch then recovers). */
    public boolean takeLostOwnEntry() {
        return entryLost.getAndSet(false);
    }

    /** Records a count seen in the registry; this instance is always one of them. */
    public void saw(int live) {
        count.set(Math.max(1, live));
    }

    @Override
    public int getAsInt() {
        return count.get();
    }
}
