package io.huddle.runtime.store;

import io.huddle.domain.presence.InstanceRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Redis for this process and runs the recovery PROTOCOL.md section 8 asks for:
 *
 * <ul>
 *   <li>while Redis cannot answer, every {@link #CATCH_UP_EVERY} the feeds read what they missed from
 *       PostgreSQL ({@code seq > last}), so members on other gateways still get every message, later;
 *   <li>when it answers again (its breaker closed), or answers without this instance's heartbeat key (it was
 *       flushed or restarted empty): the instance beats, this gateway's sockets are registered again, the
 *       waiting repairs of hot copies run, and every feed catches up. Hot copies refill themselves on the
 *       next read. All within a second or two of Redis answering;
 *   <li>while it answers, what failed alone meanwhile (a socket's open or close, a hot copy's repair: one call
 *       timed out, too few to open the breaker) is told to Redis within a round ({@link #settle}).
 * </ul>
 */
public final class RedisWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisWatch.class);
    static final Duration EVERY = Duration.ofMillis(250);
    static final Duration CATCH_UP_EVERY = Duration.ofMillis(500);
    static final Duration LOOK_EVERY = Duration.ofSeconds(1);

    private final BooleanSupplier available;
    private final InstanceRegistry instances;
    private final String instanceId;
    private final Duration heartbeatTtl;
    private final FallbackPresenceStore presence;
    private final HotCopyRepairs repairs;
    private final Runnable catchUp;
    private final Runnable back;
    private final BooleanSupplier entryLost;
    private final Thread thread;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private RedisWatch(
            BooleanSupplier available,
            InstanceRegistry instances,
            String instanceId,
            Duration heartbeatTtl,
            FallbackPresenceStore presence,
            HotCopyRepairs repairs,
            Runnable catchUp,
            Runnable back,
            BooleanSupplier entryLost) {
        this.available = available;
        this.back = back;
        this.entryLost = entryLost;
        this.instances = instances;
        this.instanceId = instanceId;
        this.heartbeatTtl = heartbeatTtl;
        this.presence = presence;
        this.repairs = repairs;
        this.catchUp = catchUp;
        this.thread = Thread.ofVirtual().name("huddle-redis-watch").unstarted(this::run);
    }

    /**
     * @param heartbeatTtl the gateway's heartbeat time-to-live; zero for a process that is not a gateway
     *     (a worker), which then never beats and never looks for its own entry
     * @param available whether Redis's breaker lets calls through
     * @param catchUp makes every feed of this gateway read what it missed (and check its session)
     * @param back what else returns to Redis once it answers (the rate limiter), run after the repairs
     * @param entryLost whether the heartbeat found this instance's entry gone since the last call
     */
    public static RedisWatch start(
            BooleanSupplier available,
            InstanceRegistry instances,
            String instanceId,
            Duration heartbeatTtl,
            FallbackPresenceStore presence,
            HotCopyRepairs repairs,
            Runnable catchUp,
            Runnable back,
            BooleanSupplier entryLost) {
        var watch = new RedisWatch(
                available, instances, instanceId, heartbeatTtl, presence, repairs, catchUp, back, entryLost);
        watch.thread.start();
        return watch;
    }

    private void run() {
        boolean away = false;
        long lastCatchUp = 0;
        long lastLook = System.nanoTime();
        while (!stopped.get()) {
            try {
                Thread.sleep(EVERY);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            try {
                if (!available.getAsBoolean()) {
                    if (!away) log.warn("Redis is away: presence local, limits local, fan-out through PostgreSQL");
                    away = true;
                    if (now - lastCatchUp >= CATCH_UP_EVERY.toNanos()) {
                        lastCatchUp = now;
                        catchUp.run();
                    }
                    continue;
                }
                // Emptied: this instance's entry is gone, as the heartbeat or this look found.
                boolean emptied = entryLost.getAsBoolean();
                if (!away && !emptied && !heartbeatTtl.isZero() && now - lastLook >= LOOK_EVERY.toNanos()) {
                    lastLook = now;
                    emptied = !instances.isAlive(instanceId);
                }
                if (away || emptied) {
                    recover(emptied);
                    away = false;
                } else {
                    settle();
                }
            } catch (RuntimeException e) {
                // Redis went away again mid-recovery: the next round sees it and tries again.
                away = true;
                log.atDebug().setCause(e).log("Redis recovery step failed");
            }
        }
    }

    private void recover(boolean emptied) {
        long started = System.nanoTime();
        // A worker has no sockets and is no gateway instance: it only runs its waiting repairs.
        if (!heartbeatTtl.isZero()) instances.heartbeat(instanceId, heartbeatTtl);
        presence.reRegister();
        int repaired = repairs.runPending();
        back.run();
        catchUp.run();
        log.atInfo()
                .addKeyValue("sockets", presence.held())
                .addKeyValue("repairs", repaired)
                .addKeyValue("emptied", emptied)
                .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000)
                .log("Redis is back: presence registered again, hot copies repaired, feeds caught up");
    }

    /**
     * Redis answers, but a call failed alone lately: a socket's open or close that it did not take, a hot copy's
     * repair. Before, they waited for the next outage's recovery, so a closed socket stayed registered (its member
     * online with nobody there) for as long as Redis stayed up. A call that fails again waits for the next round.
     */
    private void settle() {
        try {
            if (presence.behind()) presence.tellMissed();
            if (repairs.pending() > 0) repairs.runPending();
        } catch (RuntimeException e) {
            log.atDebug().setCause(e).log("telling Redis what it missed failed; the next round tries again");
        }
    }

    @Override
    public void close() {
        stopped.set(true);
        thread.interrupt();
    }
}
