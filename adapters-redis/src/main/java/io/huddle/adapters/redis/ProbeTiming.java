package io.huddle.adapters.redis;

import io.huddle.domain.health.ProbeResult;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Runs a probe's check on a virtual thread with a deadline, so a probe never hangs and never throws. */
final class ProbeTiming {
    /** Every probe answers within this, whatever the socket timeouts are. */
    static final Duration LIMIT = Duration.ofMillis(1500);

    private ProbeTiming() {}

    static ProbeResult bounded(Callable<ProbeResult> check) {
        long started = System.nanoTime();
        var task = new FutureTask<>(check);
        Thread.ofVirtual().name("redis-probe").start(task);
        try {
            return task.get(LIMIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return ProbeResult.down(since(started), "no answer within " + LIMIT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return ProbeResult.down(since(started), reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.down(since(started), "interrupted");
        }
    }

    static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Names the failure without its message: Jedis messages can carry the host and port. */
    static String reason(Throwable failure) {
        if (failure instanceof JedisDataException data) {
            String message = String.valueOf(data.getMessage());
            if (message.startsWith("NOAUTH") || message.startsWith("WRONGPASS")) return "authentication failed";
            return "command rejected";
        }
        if (failure instanceof JedisConnectionException) return "connection failed";
        return "check failed";
    }
}
