package io.huddle.runtime;

import io.huddle.domain.presence.InstanceRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's heartbeat: marks the instance alive in the shared {@link InstanceRegistry} every few
 * seconds, for a little longer than that. When the instance dies the beats stop, its entry runs out,
 * and the worker clears the presence of its sockets (within 30 s: {@link #TTL} plus the ghost job's
 * interval). A beat that fails (Redis down) is logged once per outage and retried on the next beat.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    public static final Duration EVERY = Duration.ofSeconds(5);
    /** Three beats: one lost beat, or a slow one, does not make a live instance look dead. */
    public static final Duration TTL = Duration.ofSeconds(15);

    private final ScheduledExecutorService scheduler;

    private Heartbeat(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    public static Heartbeat start(InstanceRegistry registry, String instanceId, LiveInstances seen) {
        return start(registry, instanceId, seen, EVERY, TTL);
    }

    /**
     * Beats once now, on the calling thread (so the instance is alive before it takes sockets), then every
     * {@code every}; each beat that reaches the registry also notes how many instances are alive in {@code seen}.
     */
    public static Heartbeat start(
            InstanceRegistry registry, String instanceId, LiveInstances seen, Duration every, Duration ttl) {
        var failing = new AtomicBoolean();
        var beaten = new AtomicBoolean();
        Runnable beat = () -> {
            try {
                // An entry gone before its time means Redis lost it (flushed, restarted empty): the Redis watch
                // then registers this gateway's sockets again.
                if (beaten.get() && !registry.isAlive(instanceId)) seen.lostOwnEntry();
                registry.heartbeat(instanceId, ttl);
                beaten.set(true);
                seen.saw(registry.live().size());
                if (failing.compareAndSet(true, false)) log.info("instance heartbeat restored");
            } catch (RuntimeException e) {
                if (failing.compareAndSet(false, true)) {
                    log.atWarn().setCause(e).log("instance heartbeat failed; retrying every beat");
                }
            }
        };
        beat.run();
        var scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("huddle-heartbeat").factory());
        scheduler.scheduleAtFixedRate(beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new Heartbeat(scheduler);
    }

    /** Stops beating; the entry runs out by itself. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
