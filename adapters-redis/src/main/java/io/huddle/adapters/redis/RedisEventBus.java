package io.huddle.adapters.redis;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Session events over Redis pub/sub, one channel per session ({@code <prefix>:{CODE}:events}, hash-tagged
 * like the session's keys). Publishing uses the pooled client. Receiving uses one connection of this
 * gateway's own, subscribed to the channels of the sessions it has listeners for: the first listener of
 * a session subscribes (and {@link #subscribe} returns once Redis confirmed it, so nothing published
 * afterwards is missed), the last one to leave unsubscribes.
 *
 * <p>A background thread keeps the connection: when it drops (Redis restarted, {@code CLIENT KILL}, a
 * dead link found by the heartbeat) it connects again with a growing pause, subscribes every channel
 * again, and once Redis confirmed them all runs the {@link #onResubscribed} actions, since whatever was
 * published meanwhile is lost. Listeners run on that thread, one event at a time in arrival order, so
 * they must not block.
 */
final class RedisEventBus implements EventBus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(50);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(2);
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final String RESUBSCRIBED = "resubscribed";
    private static final String HEARTBEAT_PING = "heartbeat";

    private final UnifiedJedis client;
    private final RedisConnectionSettings connection;
    private final String prefix;
    private final String homeChannel;
    private final Duration confirmWait;
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> confirmations = new ConcurrentHashMap<>();
    private final List<Runnable> resubscribedActions = new CopyOnWriteArrayList<>();
    private final Object commands = new Object();
    private final Thread reader;
    private final Thread watchdog;
    private volatile Connection current;
    private volatile Subscriber subscriber;
    private volatile boolean ready;
    private volatile boolean stopped;
    private volatile long lastPongNanos = System.nanoTime();
    private boolean everConnected;
    private volatile boolean reportedDown;

    RedisEventBus(UnifiedJedis client, RedisConnectionSettings connection, String prefix, String instanceId) {
        this.client = client;
        this.connection = connection;
        this.prefix = prefix;
        this.homeChannel = prefix + ":bus:" + instanceId;
        this.confirmWait = connection.timeout();
        this.reader = Thread.ofVirtual().name("redis-event-subscriber").unstarted(this::run);
        this.watchdog = Thread.ofVirtual().name("redis-event-heartbeat").unstarted(this::watch);
    }

    RedisEventBus start() {
        reader.start();
        watchdog.start();
        return this;
    }

    String channel(SessionCode session) {
        return prefix + ":{" + session.value() + "}:events";
    }

    @Override
    public void publish(SessionEvent event) {
        client.publish(channel(event.session()), EventCodec.encode(event));
    }

    @Override
    public Subscription subscribe(SessionCode session, Consumer<SessionEvent> consumer) {
        var channel = channel(session);
        var listener = new Listener(channel, consumer);
        CompletableFuture<Void> confirmed = null;
        synchronized (commands) {
            var list = listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
            boolean first = list.isEmpty();
            list.add(listener);
            if (first) {
                // While the connection is down, the next one subscribes every listed channel and confirms this too.
                confirmed = new CompletableFuture<>();
                confirmations.put(channel, confirmed);
                if (ready) send(s -> s.subscribe(channel));
            }
        }
        if (confirmed != null) awaitQuietly(confirmed, channel);
        return listener;
    }

    @Override
    public void onResubscribed(Runnable action) {
        resubscribedActions.add(action);
    }

    /** Whether the subscriber connection is up and subscribed; for tests and the health view. */
    boolean subscribed() {
        return ready;
    }

    /** Drops the subscriber connection, as a dead link or {@code CLIENT KILL} would; it comes back by itself. */
    void reconnect() {
        Optional.ofNullable(current).ifPresent(RedisEventBus::disconnectQuietly);
    }

    @Override
    public void close() {
        stopped = true;
        reconnect();
        reader.interrupt();
        watchdog.interrupt();
        try {
            reader.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void unsubscribe(Listener listener) {
        synchronized (commands) {
            var list = listeners.get(listener.channel);
            if (list == null || !list.remove(listener) || !list.isEmpty()) return;
            listeners.remove(listener.channel);
            confirmations.remove(listener.channel);
            if (ready) send(s -> s.unsubscribe(listener.channel));
        }
    }

    /** Sends one command on the subscriber connection; callers hold {@link #commands}, so commands never interleave. */
    private void send(Consumer<Subscriber> command) {
        var target = subscriber;
        if (target == null) return;
        try {
            command.accept(target);
        } catch (RuntimeException e) {
            // The connection is going down; the reader thread subscribes everything again on the next one.
            log.debug("a command on the subscriber connection failed", e);
        }
    }

    private void awaitQuietly(CompletableFuture<Void> confirmed, String channel) {
        try {
            confirmed.get(confirmWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Not confirmed in time: the connection is in trouble, and its reconnect catches up.
            log.warn("subscribing to a session channel was not confirmed within {} ms", confirmWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            confirmations.remove(channel, confirmed);
        }
    }

    private void run() {
        Duration pause = FIRST_RETRY;
        while (!stopped) {
            var listener = new Subscriber();
            try (var conn = new Connection(connection.address(), connection.clientConfigNamed(subscriberName()))) {
                current = conn;
                if (stopped) return;
                subscriber = listener;
                pause = FIRST_RETRY;
                lastPongNanos = System.nanoTime();
                listener.proceed(conn, homeChannel);
            } catch (RuntimeException e) {
                if (stopped) return;
                if (!reportedDown) {
                    log.warn(
                            "Redis event subscription lost ({}); reconnecting",
                            e.getClass().getSimpleName());
                    reportedDown = true;
                }
            } finally {
                ready = false;
                subscriber = null;
                current = null;
            }
            if (!sleep(pause)) return;
            pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause.multipliedBy(2);
        }
    }

    private String subscriberName() {
        return connection.clientConfig().getClientName() + ":event-subscriber";
    }

    /** Pings the subscriber connection; one that stays silent for three beats is dropped and made again. */
    private void watch() {
        while (!stopped) {
            if (!sleep(HEARTBEAT)) return;
            if (!ready) continue;
            if (System.nanoTime() - lastPongNanos > HEARTBEAT.multipliedBy(3).toNanos()) {
                log.warn(
                        "Redis event subscription silent for {} s; reconnecting",
                        HEARTBEAT.multipliedBy(3).toSeconds());
                reconnect();
                continue;
            }
            synchronized (commands) {
                send(s -> s.ping(HEARTBEAT_PING));
            }
        }
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
            log.debug("closing the event subscriber connection failed", e);
        }
    }

    private void deliver(String channel, String payload) {
        var list = listeners.get(channel);
        if (list == null) return;
        var event = EventCodec.decode(payload);
        if (event.isEmpty()) {
            log.warn("ignored a message on a session channel that is not an event of this version");
            return;
        }
        for (var listener : list) listener.deliver(event.get());
    }

    private final class Subscriber extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (channel.equals(homeChannel)) {
                onConnected();
                return;
            }
            Optional.ofNullable(confirmations.remove(channel)).ifPresent(f -> f.complete(null));
        }

        /**
         * The connection is up: every channel listened to is subscribed again, then a ping marks the end
         * (Redis answers in order), and its pong runs the catch-up. Also on the first connection when
         * listeners came before it: what was published before it was lost for them too.
         */
        private void onConnected() {
            boolean catchUp;
            synchronized (commands) {
                ready = true;
                var channels = listeners.keySet().toArray(String[]::new);
                catchUp = everConnected || channels.length > 0;
                everConnected = true;
                if (channels.length > 0) send(s -> s.subscribe(channels));
                if (catchUp) send(s -> s.ping(RESUBSCRIBED));
            }
            if (reportedDown) log.info("Redis event subscription restored");
            reportedDown = false;
        }

        @Override
        public void onMessage(String channel, String message) {
            deliver(channel, message);
        }

        @Override
        public void onPong(String pattern) {
            lastPongNanos = System.nanoTime();
            if (RESUBSCRIBED.equals(pattern)) {
                for (var action : resubscribedActions) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        log.warn("an action after resubscribing failed", e);
                    }
                }
            }
        }
    }

    /** One listener's subscription; its own object, so one consumer subscribed twice is two subscriptions. */
    private final class Listener implements Subscription {
        private final String channel;
        private final Consumer<SessionEvent> consumer;
        private volatile boolean open = true;

        Listener(String channel, Consumer<SessionEvent> consumer) {
            this.channel = channel;
            this.consumer = consumer;
        }

        void deliver(SessionEvent event) {
            if (!open) return;
            try {
                consumer.accept(event);
            } catch (RuntimeException e) {
                log.warn("an event listener failed on {}", event.getClass().getSimpleName(), e);
            }
        }

        @Override
        public void close() {
            if (!open) return;
            open = false;
            unsubscribe(this);
        }
    }
}
