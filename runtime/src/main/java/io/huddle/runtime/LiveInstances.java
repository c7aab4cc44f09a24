package io.huddle.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * How many gateway instances were alive when this one last looked (at its last heartbeat). While Redis
 * is down nobody can look, so the rate-limit fallback divides every limit by this last count
 * (PROTOCOL.md section 8). One until the first look: a lone instance's share.
 */
public final class LiveInstances implements IntSupplier {
    private final AtomicInteger count = new AtomicInteger(1);

    /** Records a count seen in the registry; this instance is always one of them. */
    public void saw(int live) {
        count.set(Math.max(1, live));
    }

    @Override
    public int getAsInt() {
        return count.get();
    }
}
