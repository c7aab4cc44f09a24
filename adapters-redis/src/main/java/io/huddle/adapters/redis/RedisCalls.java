package io.huddle.adapters.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.huddle.domain.StoreUnavailable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The one failure policy of every Redis port: "Redis cannot answer" becomes {@link StoreUnavailable}
 * (a connection refused, broken or timed out ({@link JedisConnectionException}), or no pooled connection
 * free within the pool's wait (a {@link NoSuchElementException} underneath)). Anything else (a script
 * error, a wrong type) stays what it is: retrying would not help. Applied once, at the module's door
 * ({@link RedisAdapters}), to every port it hands out, so no store translates failures itself.
 *
 * <p>Every call's wait is bounded by the client's timeout ({@code REDIS_TIMEOUT}), and every call runs
 * behind one circuit breaker: two calls of the last five that found Redis unreachable (a wait for a pooled
 * connection is this process's own congestion, and is not counted) open it, and then
 * calls fail at once with {@code StoreUnavailable}, which the callers' fallbacks (PostgreSQL, this
 * process's own counts and sockets) turn into degraded service instead of a wait. No caller ever probes a
 * Redis that hangs: a prober of its own asks Redis every {@link #PROBE_EVERY} while the breaker is open (a
 * write, since a replica or a full Redis answers a PING) and closes it at the first success, and
 * {@code retryAfter} is the time to that next probe.
 */
final class RedisCalls {
    private static final Logger log = LoggerFactory.getLogger(RedisCalls.class);

    /** What a caller is told to wait after a failure with the breaker still closed: a reconnect is quick. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /** How often the prober asks Redis while the breaker is open. */
    static final Duration PROBE_EVERY = Duration.ofMillis(250);

    /**
     * The breaker's own wait before letting a call through, should the prober be unable to run. Long, since
     * that trial call is a caller's: while Redis hangs it waits out the whole timeout, and in the message
     * writer's limiter call that holds every send of the gateway (with 5 s here, a 1 s stall every 6 s of a
     * hang, measured with bench/store-outage.sh). The prober closes the breaker within 250 ms of Redis's return.
     */
    static final Duration OPEN_FOR = Duration.ofSeconds(30);

    static final String STORE = "redis";

    private final CircuitBreaker breaker;
    private final RedisMeters meters;
    private final Runnable ping;
    private final Runnable onOpen;
    private final Duration probeEvery;
    private final AtomicLong openedAt = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param ping the prober's question: throws when Redis does not answer within the client's timeout, or
     *     refuses it
     * @param onOpen run when the breaker opens (drop the pool's idle connections: after a restart they are all
     *     broken), and again whenever a probe reached a replica
     */
    RedisCalls(CircuitBreakerRegistry registry, Runnable ping, Runnable onOpen, Duration probeEvery) {
        this(registry, ping, onOpen, probeEvery, null);
    }

    /** As above, every call timed into {@code meters} by outcome (none: not timed). */
    RedisCalls(
            CircuitBreakerRegistry registry, Runnable ping, Runnable onOpen, Duration probeEvery, RedisMeters meters) {
        this.meters = meters;
        this.breaker = registry.circuitBreaker(
                STORE,
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(5)
                        .minimumNumberOfCalls(2)
                        .failureRateThreshold(40)
                        .waitDurationInOpenState(OPEN_FOR)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(RedisCalls::isUnavailable)
                        .build());
        this.ping = ping;
        this.onOpen = onOpen;
        this.probeEvery = probeEvery;
        breaker.getEventPublisher().onStateTransition(event -> {
            var to = event.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN) {
                openedAt.set(System.nanoTime());
                log.warn("Redis unreachable: its calls fail at once and fall back until it answers again");
                runQuietly(onOpen);
                startProbing();
            } else if (to == CircuitBreaker.State.CLOSED) {
                log.info("Redis answers again");
            }
        });
    }

    /** Whether calls are let through (the breaker is not open). */
    boolean available() {
        return breaker.getState() != CircuitBreaker.State.OPEN;
    }

    void close() {
        closed = true;
    }

    /** The time until the breaker may close: the next probe, or its own wait if no probe closes it first. */
    Duration retryAfter() {
        long openFor = System.nanoTime() - openedAt.get();
        long untilHalfOpen = Math.max(0, OPEN_FOR.toNanos() - openFor);
        long untilProbe = probeEvery.toNanos() - (openFor % Math.max(1, probeEvery.toNanos()));
        return Duration.ofNanos(Math.min(untilHalfOpen, untilProbe));
    }

    /** Runs {@code action} behind the breaker; a failure that means Redis is unreachable becomes {@link StoreUnavailable}. */
    <T> T call(Supplier<T> action) {
        if (!breaker.tryAcquirePermission()) throw new StoreUnavailable(STORE, retryAfter());
        long start = breaker.getCurrentTimestamp();
        long started = System.nanoTime();
        try {
            T result = action.get();
            breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
            if (meters != null) meters.recordCall(started, true);
            return result;
        } catch (RuntimeException e) {
            if (isPoolWait(e)) {
                // Every pooled connection was busy for the whole wait: this process asked too much at once
                // (a storm of closing sockets, say), which says nothing about Redis. Counting it would open
                // the breaker and send every caller to its fallback, the busiest moment made worse. A Redis
                // that hangs still opens it: the calls holding the connections time out, and those count.
                breaker.releasePermission();
            } else {
                breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            }
            if (meters != null) meters.recordCall(started, false);
            throw translated(e);
        } catch (Error e) {
            // Says nothing of Redis (a StackOverflowError, say), but its permission goes back: half-open, the
            // breaker lets one trial call through, and one whose outcome never came kept it refusing every call.
            breaker.releasePermission();
            throw e;
        }
    }

    /** No pooled connection free within the pool's wait, with no connection failure underneath. */
    static boolean isPoolWait(Throwable failure) {
        boolean poolWait = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JedisConnectionException || t instanceof JedisClusterOperationException) return false;
            if (t instanceof NoSuchElementException) poolWait = true;
        }
        return poolWait;
    }

    private void startProbing() {
        if (!probing.compareAndSet(false, true)) return;
        Thread.ofVirtual().name("redis-breaker-probe").start(() -> {
            try {
                while (!closed && breaker.getState() == CircuitBreaker.State.OPEN) {
                    Thread.sleep(probeEvery);
                    try {
                        ping.run();
                        if (breaker.getState() == CircuitBreaker.State.OPEN) breaker.transitionToClosedState();
                    } catch (RuntimeException e) {
                        // Still down: the next probe tries again, on a new connection if this one reached a replica.
                        if (answeredByAReplica(e)) runQuietly(onOpen);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                probing.set(false);
            }
        });
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.debug("an action on opening the Redis breaker failed", e);
        }
    }

    static RuntimeException translated(RuntimeException failure) {
        if (failure instanceof StoreUnavailable) return failure;
        return isUnavailable(failure) ? new StoreUnavailable(STORE, RETRY_AFTER, failure) : failure;
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailable
                    || t instanceof JedisConnectionException
                    // A cluster whose node for the slot did not answer within the client's attempts.
                    || t instanceof JedisClusterOperationException
                    || t instanceof NoSuchElementException
                    || (t instanceof JedisDataException answer
                            && errorCode(answer.getMessage())
                                    .filter(CANNOT_SERVE::contains)
                                    .isPresent())) return true;
        }
        return false;
    }

    /**
     * The errors with which a Redis that is there says it cannot serve this client: the server it reached is a
     * replica now (READONLY: after a failover the pool's connections stay open on the old master, and every
     * write on them fails so), it is out of memory under {@code noeviction} (OOM), loading its data, without
     * its master, the cluster is down, or it refuses writes since its last snapshot failed (MISCONF) or too
     * few replicas are in reach ({@code min-replicas-to-write}: NOREPLICAS). Counted as Redis unavailable, so
     * the breaker opens, the callers fall back (limits, presence and fan-out on their own, as for a Redis that
     * is gone), and the pool's idle connections are dropped; the prober closes the breaker only once a write
     * succeeds.
     */
    private static final Set<String> CANNOT_SERVE =
            Set.of("READONLY", "OOM", "LOADING", "MASTERDOWN", "CLUSTERDOWN", "MISCONF", "NOREPLICAS");

    /**
     * The errors of a connection to the wrong server: a replica (READONLY, MASTERDOWN). The connections that
     * answered so were checked out when the breaker opened and dropped the idle ones, and went back to the pool
     * after; the pool hands out its most recent connection first, so the prober would ask that same replica
     * every time.
     */
    private static final Set<String> ON_A_REPLICA = Set.of("READONLY", "MASTERDOWN");

    /** Whether {@code failure} is a Redis answer that came from a replica ({@link #ON_A_REPLICA}). */
    static boolean answeredByAReplica(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JedisDataException answer
                    && errorCode(answer.getMessage())
                            .filter(ON_A_REPLICA::contains)
                            .isPresent()) return true;
        }
        return false;
    }

    /** The code of a Redis error (READONLY, OOM, …): its first word, in capitals; never more of its text. */
    static Optional<String> errorCode(String message) {
        if (message == null || message.isBlank()) return Optional.empty();
        var word = message.strip().split("\\s", 2)[0];
        return word.chars().allMatch(c -> c >= 'A' && c <= 'Z') ? Optional.of(word) : Optional.empty();
    }

    /**
     * {@code store} behind its port, every call behind the breaker and its failure translated. One
     * decorator for every Redis port at the module's door, rather than a try/catch in each of their
     * methods. Methods named in {@code local} only register something in this process (a subscription)
     * and pass the breaker by.
     */
    <T> T guarded(Class<T> port, T store, Set<String> local) {
        var callable = new ConcurrentHashMap<Method, Method>();
        InvocationHandler handler = (proxy, called, args) -> {
            var method = callable.computeIfAbsent(called, RedisCalls::withoutAccessCheck);
            if (method.getDeclaringClass() == Object.class || local.contains(method.getName())) {
                try {
                    return method.invoke(store, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            return call(() -> {
                try {
                    return method.invoke(store, args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException failure) throw failure;
                    if (e.getCause() instanceof Error error) throw error;
                    throw new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            });
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }

    /**
     * {@code method} (a public method of a public port) made to skip {@link Method#invoke}'s access check:
     * that check walks the stack for its caller's class on every call, which the compiled code of the
     * shipped JVM settings (C1 only) does not optimise away, and every Redis call passes here.
     */
    private static Method withoutAccessCheck(Method method) {
        method.setAccessible(true);
        return method;
    }

    <T> T guarded(Class<T> port, T store) {
        return guarded(port, store, Set.of());
    }
}
