package io.huddle.adapters.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;

/**
 * This instance's own long-lived subscription to its probe channel, on a connection of its own. A
 * background thread keeps it subscribed: when the connection drops (Redis restarted, the connection
 * was killed) it reconnects with a growing pause, so the {@code pubsub} probe recovers by itself.
 */
final class ProbeSubscriber implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProbeSubscriber.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(50);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(2);

    private final RedisConnectionSettings connection;
    private final String channel;
    private final Map<String, CompletableFuture<Void>> awaited = new ConcurrentHashMap<>();
    private final AtomicReference<Connection> current = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean subscribed;
    private volatile boolean stopped;
    private volatile boolean reportedDown;

    private ProbeSubscriber(RedisConnectionSettings connection, String channel) {
        this.connection = connection;
        this.channel = channel;
        this.thread = Thread.ofVirtual().name("redis-probe-subscriber").unstarted(this::run);
    }

    static ProbeSubscriber start(RedisConnectionSettings connection, String channel) {
        var subscriber = new ProbeSubscriber(connection, channel);
        subscriber.thread.start();
        return subscriber;
    }

    /** Completes when {@code nonce} arrives on the probe channel; the caller bounds the wait and calls {@link #forget}. */
    CompletableFuture<Void> expect(String nonce) {
        return awaited.computeIfAbsent(nonce, n -> new CompletableFuture<>());
    }

    void forget(String nonce) {
        awaited.remove(nonce);
    }

    boolean subscribed() {
        return subscribed;
    }

    /**
     * Drops the current connection so the thread subscribes again on a new one: for when the probe
     * shows the subscription dead although the connection looks open (a half-open TCP connection
     * never tells its reader).
     */
    void reconnect() {
        Optional.ofNullable(current.get()).ifPresent(ProbeSubscriber::disconnectQuietly);
    }

    @Override
    public void close() {
        stopped = true;
        reconnect();
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration pause = FIRST_RETRY;
        while (!stopped) {
            var listener = new Listener();
            try (var conn =
                    new Connection(connection.address(), connection.clientConfigNamed(subscriberName(connection)))) {
                current.set(conn);
                if (stopped) return;
                pause = FIRST_RETRY;
                listener.proceed(conn, channel);
            } catch (RuntimeException e) {
                if (stopped) return;
                if (!reportedDown) {
                    log.warn(
                            "Redis probe subscription lost ({}); reconnecting",
                            e.getClass().getSimpleName());
                    reportedDown = true;
                }
            } finally {
                subscribed = false;
                current.set(null);
            }
            if (!sleep(pause)) return;
            pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause.multipliedBy(2);
        }
    }

    static String subscriberName(RedisConnectionSettings connection) {
        return connection.clientConfig().getClientName() + ":probe-subscriber";
    }

    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return !stopped;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static void disconnectQuietly(Connection conn) {
        try {
            conn.disconnect();
        } catch (RuntimeException e) {
            log.debug("Closing the probe subscriber connection failed", e);
        }
    }

    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            subscribed = true;
            if (reportedDown) log.info("Redis probe subscription restored");
            reportedDown = false;
        }

        @Override
        public void onMessage(String channel, String message) {
            Optional.ofNullable(awaited.get(message)).ifPresent(f -> f.complete(null));
        }
    }
}
