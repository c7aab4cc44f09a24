package io.huddle.runtime.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Redis hot copies from holding what the system of record no longer says. After each change of
 * record, the composed stores update or drop the concerned copy, and check it once more
 * {@link #AGAIN_AFTER} later ({@link #later}): a refill that read the record just before the change may
 * have written the old state back meanwhile. An invalidation that could not reach Redis waits until Redis
 * answers again ({@link #runPending}, run by the Redis watch). Only invalidations wait, never writes:
 * dropping a copy is always safe, since the next read refills it from PostgreSQL.
 */
public final class HotCopyRepairs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HotCopyRepairs.class);

    /** Longer than a refill takes (one PostgreSQL read and one Redis pipeline, each bounded by its timeout). */
    public static final Duration AGAIN_AFTER = Duration.ofSeconds(3);

    /** Beyond this many pending repairs the oldest are dropped, with a warning: memory stays bounded. */
    static final int MAX_PENDING = 100_000;

    private final Map<String, Runnable> pending = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("huddle-hot-copy-repairs").factory());
    private final Duration againAfter;

    public HotCopyRepairs() {
        this(AGAIN_AFTER);
    }

    HotCopyRepairs(Duration againAfter) {
        this.againAfter = againAfter;
    }

    /** Runs {@code invalidation} (it only drops copies) now; if it fails, it waits under {@code key} until Redis answers. */
    public void now(String key, Runnable invalidation) {
        attempt(key, invalidation, invalidation);
    }

    /**
     * Runs {@code check} {@link #AGAIN_AFTER} from now; if it fails, {@code invalidation} waits under
     * {@code key} until Redis answers.
     */
    public void later(String key, Runnable check, Runnable invalidation) {
        timer.schedule(() -> attempt(key, check, invalidation), againAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Both: {@code invalidation} now and again later ({@link #update} whose update drops the whole copy). */
    public void invalidate(String key, Runnable invalidation) {
        update(key, invalidation, invalidation);
    }

    /**
     * For a change a targeted {@code update} keeps the copy true to (it only removes from the copy): the
     * update now and again {@link #AGAIN_AFTER} later; whenever Redis cannot take it, {@code invalidation},
     * which drops the whole copy, waits under {@code key} instead (a dropped copy is right whatever else
     * changed meanwhile).
     */
    public void update(String key, Runnable update, Runnable invalidation) {
        attempt(key, update, invalidation);
        later(key, update, invalidation);
    }

    /** Queues {@code invalidation} for when Redis answers again (a write to the copy failed just now). */
    public void whenBack(String key, Runnable invalidation) {
        synchronized (pending) {
            pending.remove(key);
            pending.put(key, invalidation);
            if (pending.size() > MAX_PENDING) {
                var oldest = pending.keySet().iterator();
                oldest.next();
                oldest.remove();
                log.warn("more than {} hot-copy repairs wait for Redis; the oldest was dropped", MAX_PENDING);
            }
        }
    }

    private void attempt(String key, Runnable action, Runnable invalidation) {
        try {
            action.run();
        } catch (RuntimeException e) {
            whenBack(key, invalidation);
        }
    }

    /** Whether a repair waits for Redis under {@code key}: the copy it concerns may still hold what it drops. */
    public boolean isPending(String key) {
        synchronized (pending) {
            return pending.containsKey(key);
        }
    }

    /** How many repairs wait for Redis. */
    public int pending() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /** Runs every waiting repair once; one that fails again stays. Returns how many ran. */
    public int runPending() {
        Map<String, Runnable> due;
        synchronized (pending) {
            due = new LinkedHashMap<>(pending);
            pending.clear();
        }
        int ran = 0;
        for (var repair : due.entrySet()) {
            try {
                repair.getValue().run();
                ran++;
            } catch (RuntimeException e) {
                synchronized (pending) {
                    pending.putIfAbsent(repair.getKey(), repair.getValue());
                }
            }
        }
        return ran;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
