package io.huddle.adapters.redis;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.SessionCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Connection;
import redis.clients.jedis.UnifiedJedis;

/**
 * Session events over Redis pub/sub, one channel per session ({@code <prefix>:{CODE}:events}, hash-tagged
 * like the session's keys), in {@link EventCodec}'s binary encoding. Publishing uses the pooled client.
 * Receiving uses one connection of this gateway's own, subscribed to its home channel
 * ({@code <prefix>:bus:<instance>}, which the {@code pubsub} health probe round-trips through, so the
 * probe tests the very connection fan-out rides on) and to the channels of the sessions it has listeners
 * for: the first listener of a session subscribes (and {@link #subscribeRounds} returns once Redis
 * confirmed it, so nothing published afterwards is missed), the last one to leave unsubscribes.
 *
 * <p>A background thread keeps the connection: when it drops (Redis restarted, {@code CLIENT KILL}, a
 * dead link found by the heartbeat) it connects again with a growing pause, subscribes every channel
 * again, and once Redis confirmed them all runs the {@link #onResubscribed} actions, since whatever was
 * published meanwhile is lost. The connection has no read timeout (a quiet subscription is healthy);
 * a heartbeat published to the home channel every few seconds, and heard back, finds a dead link instead. Listeners run on the reading thread, one
 * payload at a time in arrival order, so they must not block. A message batch this instance published
 * itself is skipped undecoded: its writer delivered it here already.
 */
final class RedisEventBus implements EventBus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(50);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(2);
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final byte[] RESUBSCRIBED = "resubscribed".getBytes(StandardCharsets.UTF_8);
    /** On the home channel: the subscription's own heartbeat (probes carry a nonce, never this). */
    private static final byte[] HEARTBEAT_MESSAGE = "heartbeat".getBytes(StandardCharsets.UTF_8);

    private final UnifiedJedis client;
    private final RedisConnectionSettings connection;
    private final String prefix;
    private final String instanceId;
    private final byte[] homeChannel;
    private final Duration confirmWait;
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> confirmations = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> probes = new ConcurrentHashMap<>();
    private final List<Runnable> resubscribedActions = new CopyOnWriteArrayList<>();
    private final Object commands = new Object();
    private final Thread reader;
    private final Thread watchdog;
    private volatile Connection current;
    private volatile Subscriber subscriber;
    private volatile boolean ready;
    private volatile boolean stopped;
    private volatile long lastPongNanos = System.nanoTime();
    private volatile long reconnects;
    private boolean everConnected;
    private volatile boolean reportedDown;
    private final RedisMeters meters;
    private final Duration heartbeat;

    RedisEventBus(UnifiedJedis client, RedisConnectionSettings connection, String prefix, String instanceId) {
        this(client, connection, prefix, instanceId, new RedisMeters(new SimpleMeterRegistry()));
    }

    RedisEventBus(
            UnifiedJedis client,
            RedisConnectionSettings connection,
            String prefix,
            String instanceId,
            RedisMeters meters) {
        this(client, connection, prefix, instanceId, meters, HEARTBEAT);
    }

    /**
     * @param meters where subscriptions, reconnects and the subscription's state are reported
     * @param heartbeat how often the subscription is checked end to end (three silent beats: reconnect)
     */
    RedisEventBus(
            UnifiedJedis client,
            RedisConnectionSettings connection,
            String prefix,
            String instanceId,
            RedisMeters meters,
            Duration heartbeat) {
        this.meters = meters;
        this.heartbeat = heartbeat;
        meters.bus(listeners::size, () -> ready);
        this.client = client;
        this.connection = connection;
        this.prefix = prefix;
        this.instanceId = instanceId;
        this.homeChannel = bytes(prefix + ":bus:" + instanceId);
        this.confirmWait = connection.timeout();
        this.reader =
                Thread.ofPlatform().name("redis-event-subscriber").daemon().unstarted(this::run);
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

    String instanceId() {
        return instanceId;
    }

    @Override
    public void publish(SessionEvent event) {
        client.publish(bytes(channel(event.session())), EventCodec.encode(event, instanceId));
    }

    @Override
    public Subscription subscribe(SessionCode session, Consumer<SessionEvent> consumer) {
        return subscribeRounds(session, events -> events.forEach(consumer));
    }

    @Override
    public Subscription subscribeRounds(SessionCode session, Consumer<List<SessionEvent>> consumer) {
        var channel = channel(session);
        var listener = new Listener(channel, consumer);
        CompletableFuture<Void> confirmed = null;
        boolean lost;
        synchronized (commands) {
            lost = everConnected && !ready;
            var list = listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
            boolean first = list.isEmpty();
            list.add(listener);
            if (first) {
                // While the connection is down, the next one subscribes every listed channel and confirms this too.
                confirmed = new CompletableFuture<>();
                confirmations.put(channel, confirmed);
                meters.subscribes.increment();
                if (ready) send(s -> s.subscribe(bytes(channel)));
            }
        }
        // While a connection that was up is lost, nothing can confirm it soon: the next connection subscribes it
        // and runs the catch-up, so waiting would only hold the socket that asked (Redis may be away for long).
        // Before the first connection, the wait is what makes "nothing published afterwards is missed" hold.
        if (confirmed != null && !lost) awaitQuietly(confirmed, channel);
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

    /** How many times the subscriber connection was made again since start: for tests of a quiet link. */
    long reconnects() {
        return reconnects;
    }

    /**
     * The {@code pubsub} probe: a nonce published to this instance's home channel and received back on the
     * subscriber connection within {@code wait}. A subscription Redis no longer counts is dropped and made
     * again; so is one that stays silent.
     */
    ProbeOutcome probe(Duration wait) throws InterruptedException {
        if (!ready) return ProbeOutcome.NOT_SUBSCRIBED;
        var nonce = UUID.randomUUID().toString();
        var received = probes.computeIfAbsent(nonce, n -> new CompletableFuture<>());
        try {
            long receivers = client.publish(homeChannel, bytes(nonce));
            if (receivers == 0) {
                reconnect();
                return ProbeOutcome.LOST;
            }
            received.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return ProbeOutcome.RECEIVED;
        } catch (TimeoutException e) {
            reconnect();
            return ProbeOutcome.SILENT;
        } catch (ExecutionException e) {
            return ProbeOutcome.LOST;
        } finally {
            probes.remove(nonce);
        }
    }

    enum ProbeOutcome {
        RECEIVED,
        NOT_SUBSCRIBED,
        LOST,
        SILENT
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
            if (ready) send(s -> s.unsubscribe(bytes(listener.channel)));
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
                // A subscription may be quiet for as long as it likes; the heartbeat finds dead links.
                conn.setTimeoutInfinite();
                current = conn;
                if (stopped) return;
                subscriber = listener;
                pause = FIRST_RETRY;
                lastPongNanos = System.nanoTime();
                listener.proceed(conn, homeChannel);
            } catch (RuntimeException e) {
                if (stopped) return;
                if (!reportedDown) {
                    log.atWarn()
                            .setCause(e)
                            .log(
                                    "Redis event subscription lost ({}: {}); reconnecting",
                                    e.getClass().getSimpleName(),
                                    e.getMessage());
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

    /**
     * Checks the subscription end to end once a beat: a heartbeat is published to this instance's home
     * channel through the pool, and the subscriber hearing it proves its connection delivers. One that
     * hears nothing for three beats is dropped and made again. Nothing is written to the subscriber
     * connection from this thread: Jedis's pub/sub reader mis-reads a PING answer that arrives while
     * another thread writes a PING on its connection ("Unexpected message : heartbeat", and a reconnect,
     * every few seconds under traffic).
     */
    private void watch() {
        while (!stopped) {
            if (!sleep(heartbeat)) return;
            if (!ready) continue;
            if (System.nanoTime() - lastPongNanos > heartbeat.multipliedBy(3).toNanos()) {
                log.warn(
                        "Redis event subscription silent for {} ms; reconnecting",
                        heartbeat.multipliedBy(3).toMillis());
                reconnect();
                continue;
            }
            try {
                client.publish(homeChannel, HEARTBEAT_MESSAGE);
            } catch (RuntimeException e) {
                // Redis cannot take it: the subscriber's own connection fails too, or the next beats tell.
                log.debug("publishing the event subscription's heartbeat failed", e);
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

    private void deliver(String channel, byte[] payload) {
        var list = listeners.get(channel);
        if (list == null) return;
        // Own message batches were delivered by this instance's writer already: skip them undecoded.
        var header = EventCodec.peek(payload);
        if (header.isPresent()
                && header.get().messages()
                && header.get().origin().equals(instanceId)) return;
        var decoded = EventCodec.decode(payload);
        if (decoded.isEmpty()) {
            log.warn("ignored a message on a session channel that is not an event of this version");
            return;
        }
        var events = decoded.get().events();
        for (var listener : list) listener.deliver(events);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private final class Subscriber extends BinaryJedisPubSub {
        @Override
        public void onSubscribe(byte[] channel, int subscribedChannels) {
            var name = new String(channel, StandardCharsets.UTF_8);
            if (java.util.Arrays.equals(channel, homeChannel)) {
                onConnected();
                return;
            }
            Optional.ofNullable(confirmations.remove(name)).ifPresent(f -> f.complete(null));
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
                var channels =
                        listeners.keySet().stream().map(RedisEventBus::bytes).toArray(byte[][]::new);
                catchUp = everConnected || channels.length > 0;
                if (everConnected) {
                    reconnects++;
                    meters.resubscribes.increment();
                }
                everConnected = true;
                if (channels.length > 0) send(s -> s.subscribe(channels));
                if (catchUp) send(s -> s.ping(RESUBSCRIBED));
            }
            if (reportedDown) log.info("Redis event subscription restored");
            reportedDown = false;
        }

        @Override
        public void onMessage(byte[] channel, byte[] message) {
            if (java.util.Arrays.equals(channel, homeChannel)) {
                if (java.util.Arrays.equals(message, HEARTBEAT_MESSAGE)) {
                    lastPongNanos = System.nanoTime();
                    return;
                }
                Optional.ofNullable(probes.get(new String(message, StandardCharsets.UTF_8)))
                        .ifPresent(f -> f.complete(null));
                return;
            }
            deliver(new String(channel, StandardCharsets.UTF_8), message);
        }

        @Override
        public void onPong(byte[] pattern) {
            lastPongNanos = System.nanoTime();
            if (java.util.Arrays.equals(RESUBSCRIBED, pattern)) {
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
        private final Consumer<List<SessionEvent>> consumer;
        private volatile boolean open = true;

        Listener(String channel, Consumer<List<SessionEvent>> consumer) {
            this.channel = channel;
            this.consumer = consumer;
        }

        void deliver(List<SessionEvent> events) {
            if (!open) return;
            try {
                consumer.accept(events);
            } catch (RuntimeException e) {
                log.warn("an event listener failed", e);
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
