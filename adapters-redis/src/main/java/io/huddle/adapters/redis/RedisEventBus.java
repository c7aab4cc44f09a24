package io.huddle.adapters.redis;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.SessionCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import redis.clients.jedis.BinaryJedisShardedPubSub;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;

/**
 * Session events over Redis <em>sharded</em> pub/sub ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis 7), one
 * channel per session ({@code <prefix>:{CODE}:events}, hash-tagged like the session's keys, so it lives on
 * the master that owns the session's slot), in {@link EventCodec}'s binary encoding. On a cluster a shard
 * channel's messages travel to the subscribers of that one master only, instead of every node (classic
 * {@code PUBLISH} is broadcast cluster-wide, which does not scale with masters). One server is one shard.
 *
 * <p>Publishing uses the pooled client. Receiving uses one connection of this gateway's own per master
 * that owns a channel it listens to (a {@link Shard}). Each is subscribed to a home channel of its own
 * ({@code <prefix>:bus:<instance>:{tag}}, the tag chosen so the channel lives on that master), which the
 * {@code pubsub} health probe round-trips through, so the probe tests every connection fan-out rides on;
 * and to the channels of the sessions whose slots that master owns: the first listener of a session
 * subscribes (and {@link #subscribeRounds} returns once Redis confirmed it, so nothing published afterwards
 * is missed), the last one to leave unsubscribes.
 *
 * <p>A thread per shard keeps its connection: when it drops (Redis restarted, {@code CLIENT KILL}, a failed
 * master, a dead link found by the heartbeat) the bus learns the slot map again and moves every channel
 * whose slot another master owns now to that master's shard (a failover promotes a replica: its channels
 * follow it); then each connection subscribes its channels again and, once Redis confirmed them all, runs
 * the {@link #onResubscribed} actions, since whatever was published meanwhile is lost. A shard of a node
 * that owns no slot any more and carries no channel is retired. A connection has no read timeout (a quiet
 * subscription is healthy); a heartbeat published to each home channel every few seconds, and heard back,
 * finds a dead link instead. Listeners run on the reading thread of their shard, one payload at a time in
 * arrival order, so they must not block. A message batch this instance published itself is skipped
 * undecoded: its writer delivered it here already.
 */
final class RedisEventBus implements EventBus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(50);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(1);
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** On a home channel: the subscription's own heartbeat (probes carry a nonce, never this). */
    private static final byte[] HEARTBEAT_MESSAGE = "heartbeat".getBytes(StandardCharsets.UTF_8);

    /** Heartbeats in a row a subscription may not hear before it is taken for dead. */
    static final int SILENT_BEATS = 3;

    private final RedisNodes nodes;
    private final RedisConnectionSettings connection;
    private final String prefix;
    private final String instanceId;
    private final Duration confirmWait;
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> confirmations = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> probes = new ConcurrentHashMap<>();
    private final List<Runnable> resubscribedActions = new CopyOnWriteArrayList<>();
    /** Held to change which shard carries which channel, and to write on a subscriber connection. */
    private final Object commands = new Object();
    /** The shard of each master this bus connects to; guarded by {@link #commands}. */
    private final Map<HostAndPort, Shard> shards = new HashMap<>();
    /** Which shard carries each listened channel; a channel without one waits for the slot map. */
    private final Map<String, Shard> assigned = new HashMap<>();

    private final Thread watchdog;
    private volatile boolean stopped;
    private volatile long reconnects;
    private final RedisMeters meters;
    private final Duration heartbeat;

    RedisEventBus(RedisNodes nodes, RedisConnectionSettings connection, String prefix, String instanceId) {
        this(nodes, connection, prefix, instanceId, new RedisMeters(new SimpleMeterRegistry()));
    }

    RedisEventBus(
            RedisNodes nodes,
            RedisConnectionSettings connection,
            String prefix,
            String instanceId,
            RedisMeters meters) {
        this(nodes, connection, prefix, instanceId, meters, HEARTBEAT);
    }

    /**
     * @param meters where subscriptions, reconnects and the subscription's state are reported
     * @param heartbeat how often each subscription is checked end to end (three unheard in a row: reconnect)
     */
    RedisEventBus(
            RedisNodes nodes,
            RedisConnectionSettings connection,
            String prefix,
            String instanceId,
            RedisMeters meters,
            Duration heartbeat) {
        this.meters = meters;
        this.heartbeat = heartbeat;
        meters.bus(listeners::size, this::subscribed);
        this.nodes = nodes;
        this.connection = connection;
        this.prefix = prefix;
        this.instanceId = instanceId;
        this.confirmWait = connection.timeout();
        this.watchdog = Thread.ofVirtual().name("redis-event-heartbeat").unstarted(this::watch);
    }

    /** Connects a shard to every master known now (the others follow once the slot map names them). */
    RedisEventBus start() {
        synchronized (commands) {
            try {
                for (var master : nodes.masterAddresses()) shardOf(master);
            } catch (RuntimeException e) {
                log.debug("the Redis masters are not known yet", e);
            }
        }
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
        nodes.spublish(bytes(channel(event.session())), EventCodec.encode(event, instanceId));
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
        boolean lost = false;
        synchronized (commands) {
            var list = listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
            boolean first = list.isEmpty();
            list.add(listener);
            if (first) {
                // While the connection is down, the next one subscribes every listed channel and confirms this too.
                confirmed = new CompletableFuture<>();
                confirmations.put(channel, confirmed);
                meters.subscribes.increment();
                var shard = assign(channel);
                lost = shard == null || (shard.everConnected && !shard.ready);
                if (shard != null && shard.ready) shard.send(s -> s.ssubscribe(bytes(channel)));
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

    /** Whether every shard's connection is up and subscribed (and there is one); for tests and the health view. */
    boolean subscribed() {
        synchronized (commands) {
            return !shards.isEmpty() && shards.values().stream().allMatch(s -> s.ready);
        }
    }

    /** How many times a subscriber connection was made again since start: for tests of a quiet link. */
    long reconnects() {
        return reconnects;
    }

    /** The masters this bus has a subscriber connection to (or is making one to). */
    Set<HostAndPort> shardAddresses() {
        synchronized (commands) {
            return Set.copyOf(shards.keySet());
        }
    }

    /**
     * The {@code pubsub} probe: a nonce published to each shard's home channel and received back on that
     * shard's subscriber connection, all within {@code wait}; the worst outcome of them is the answer. A
     * subscription Redis no longer counts is dropped and made again; so is one that stays silent.
     */
    ProbeOutcome probe(Duration wait) throws InterruptedException {
        List<Shard> all;
        synchronized (commands) {
            all = List.copyOf(shards.values());
        }
        if (all.isEmpty() || all.stream().anyMatch(s -> !s.ready)) return ProbeOutcome.NOT_SUBSCRIBED;
        var sent = new ArrayList<Map.Entry<Shard, String>>();
        try {
            for (var shard : all) {
                var nonce = UUID.randomUUID().toString();
                probes.put(nonce, new CompletableFuture<>());
                sent.add(Map.entry(shard, nonce));
                var home = shard.home;
                if (home == null || nodes.spublish(home, bytes(nonce)) == 0) {
                    shard.reconnect();
                    return ProbeOutcome.LOST;
                }
            }
            long deadline = System.nanoTime() + wait.toNanos();
            for (var each : sent) {
                try {
                    probes.get(each.getValue()).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    each.getKey().reconnect();
                    return ProbeOutcome.SILENT;
                }
            }
            return ProbeOutcome.RECEIVED;
        } catch (ExecutionException e) {
            return ProbeOutcome.LOST;
        } finally {
            sent.forEach(each -> probes.remove(each.getValue()));
        }
    }

    enum ProbeOutcome {
        RECEIVED,
        NOT_SUBSCRIBED,
        LOST,
        SILENT
    }

    /** Drops every subscriber connection, as a dead link or {@code CLIENT KILL} would; they come back by themselves. */
    void reconnect() {
        List<Shard> all;
        synchronized (commands) {
            all = List.copyOf(shards.values());
        }
        all.forEach(Shard::reconnect);
    }

    @Override
    public void close() {
        stopped = true;
        List<Shard> all;
        synchronized (commands) {
            all = List.copyOf(shards.values());
        }
        watchdog.interrupt();
        all.forEach(Shard::stop);
    }

    private void unsubscribe(Listener listener) {
        synchronized (commands) {
            var list = listeners.get(listener.channel);
            if (list == null || !list.remove(listener) || !list.isEmpty()) return;
            listeners.remove(listener.channel);
            confirmations.remove(listener.channel);
            var shard = assigned.remove(listener.channel);
            if (shard == null) return;
            shard.channels.remove(listener.channel);
            if (shard.ready) shard.send(s -> s.sunsubscribe(bytes(listener.channel)));
        }
    }

    /** The shard of the master that owns {@code channel}'s slot, the channel recorded on it; null while unknown. */
    private Shard assign(String channel) {
        HostAndPort owner;
        try {
            owner = nodes.ownerOf(RedisNodes.slot(bytes(channel)));
        } catch (RuntimeException e) {
            // No slot map yet (the cluster does not answer): the watchdog assigns it once there is one.
            return null;
        }
        var shard = shardOf(owner);
        shard.channels.add(channel);
        assigned.put(channel, shard);
        return shard;
    }

    /** The shard of {@code master}, connecting a new one if there is none; callers hold {@link #commands}. */
    private Shard shardOf(HostAndPort master) {
        var shard = shards.get(master);
        if (shard != null) return shard;
        shard = new Shard(master);
        shards.put(master, shard);
        shard.start();
        return shard;
    }

    /**
     * Learns the slot map again and moves each channel to the shard of the master that owns its slot now
     * (a failover or a migration moved it), subscribing it there; a shard whose node owns no slot and carries
     * no channel is retired. What was published on a moved channel meanwhile is lost: the shard that takes
     * it runs the catch-up once Redis confirmed it.
     */
    private void reroute() {
        try {
            nodes.refresh();
        } catch (RuntimeException e) {
            log.debug("learning the Redis slot map failed", e);
        }
        List<HostAndPort> masters;
        try {
            masters = nodes.masterAddresses();
        } catch (RuntimeException e) {
            return;
        }
        synchronized (commands) {
            var moved = new HashMap<Shard, List<String>>();
            for (var channel : listeners.keySet()) {
                HostAndPort owner;
                try {
                    owner = nodes.ownerOf(RedisNodes.slot(bytes(channel)));
                } catch (RuntimeException e) {
                    continue;
                }
                var from = assigned.get(channel);
                if (from != null && from.address.equals(owner)) continue;
                if (from != null) {
                    from.channels.remove(channel);
                    if (from.ready) from.send(s -> s.sunsubscribe(bytes(channel)));
                }
                var to = shardOf(owner);
                to.channels.add(channel);
                assigned.put(channel, to);
                moved.computeIfAbsent(to, s -> new ArrayList<>()).add(channel);
            }
            moved.forEach((shard, channels) -> {
                log.atInfo()
                        .addKeyValue("redisNode", shard.address.toString())
                        .addKeyValue("channels", channels.size())
                        .log("session channels moved to the Redis master that owns their slots now");
                if (shard.ready) shard.subscribeAndCatchUp(channels);
            });
            for (var shard : List.copyOf(shards.values())) {
                if (!masters.contains(shard.address) && shard.channels.isEmpty()) {
                    shards.remove(shard.address);
                    shard.stop();
                    log.atInfo()
                            .addKeyValue("redisNode", shard.address.toString())
                            .log("Redis node owns no slot any more: its event subscription is closed");
                }
            }
            for (var master : masters) shardOf(master);
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

    /**
     * Checks every subscription end to end once a beat: a heartbeat is published to each shard's home
     * channel through the pool, and the subscriber hearing it proves its connection delivers. One that
     * heard none of its last {@link #SILENT_BEATS} heartbeats (nor anything else) is dropped and made again.
     * Counted in heartbeats, not in time since the last one was heard: this thread waking late (a busy
     * machine) is no silence of the subscription, and judged by the clock it reconnected a healthy one.
     * Nothing is written to a subscriber connection from this thread: Jedis's pub/sub reader mis-reads an
     * answer that arrives while another thread writes on its connection. Channels that no shard carries yet
     * (no slot map) are assigned here.
     */
    private void watch() {
        while (!stopped) {
            if (!sleep(heartbeat)) return;
            boolean unassigned;
            List<Shard> all;
            synchronized (commands) {
                unassigned = shards.isEmpty() || !assigned.keySet().containsAll(listeners.keySet());
                all = List.copyOf(shards.values());
            }
            if (unassigned) reroute();
            for (var shard : all) {
                if (!shard.ready) continue;
                if (shard.unheard.get() >= SILENT_BEATS) {
                    log.atWarn()
                            .addKeyValue("redisNode", shard.address.toString())
                            .log(
                                    "Redis event subscription heard none of its last {} heartbeats ({} ms apart);"
                                            + " reconnecting",
                                    SILENT_BEATS,
                                    heartbeat.toMillis());
                    shard.reconnect();
                    continue;
                }
                // Counted before it is published: one Redis cannot take (hung, refusing) is unheard too.
                shard.unheard.incrementAndGet();
                try {
                    var home = shard.home;
                    if (home != null) nodes.spublish(home, HEARTBEAT_MESSAGE);
                } catch (RuntimeException e) {
                    // Redis cannot take it: the subscriber's own connection fails too, or the next beats tell.
                    log.debug("publishing the event subscription's heartbeat failed", e);
                }
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

    private void runResubscribedActions() {
        for (var action : resubscribedActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("an action after resubscribing failed", e);
            }
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

    /**
     * The subscriber connection to one master: its home channel, and the session channels whose slots that
     * master owns. Its thread connects, subscribes, reads until the connection drops, re-routes the channels
     * by the slot map, and connects again with a growing pause.
     */
    private final class Shard {
        final HostAndPort address;
        /** Guarded by {@link #commands}. */
        final Set<String> channels = new java.util.HashSet<>();

        private final Thread reader;
        private volatile Connection current;
        private volatile Subscriber subscriber;
        volatile byte[] home;
        volatile boolean ready;
        volatile boolean everConnected;
        /** Heartbeats published since this subscription last heard anything. */
        final java.util.concurrent.atomic.AtomicInteger unheard = new java.util.concurrent.atomic.AtomicInteger();

        private volatile boolean retired;
        private volatile boolean reportedDown;
        /** The channel whose confirmation ends a resubscription, then runs the catch-up; guarded by {@link #commands}. */
        private String catchUpAfter;

        Shard(HostAndPort address) {
            this.address = address;
            this.reader = Thread.ofPlatform()
                    .name("redis-event-subscriber-" + address)
                    .daemon()
                    .unstarted(this::run);
        }

        void start() {
            reader.start();
        }

        void stop() {
            retired = true;
            reconnect();
            reader.interrupt();
        }

        void reconnect() {
            Optional.ofNullable(current).ifPresent(Shard::disconnectQuietly);
        }

        private void run() {
            Duration pause = FIRST_RETRY;
            while (!stopped && !retired) {
                var listener = new Subscriber(this);
                try (var conn = new Connection(address, connection.clientConfigNamed(subscriberName()))) {
                    // A subscription may be quiet for as long as it likes; the heartbeat finds dead links.
                    conn.setTimeoutInfinite();
                    current = conn;
                    if (stopped || retired) return;
                    var homeChannel = homeChannel();
                    home = homeChannel;
                    subscriber = listener;
                    pause = FIRST_RETRY;
                    unheard.set(0);
                    listener.proceed(conn, homeChannel);
                } catch (RuntimeException e) {
                    if (stopped || retired) return;
                    if (!reportedDown) {
                        log.atWarn()
                                .setCause(e)
                                .addKeyValue("redisNode", address.toString())
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
                // A failed master's slots go to its replica: learn so, and move this shard's channels there.
                if (nodes.clustered()) reroute();
                pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause.multipliedBy(2);
            }
        }

        /** A home channel on this master: its hash tag is the first small number whose slot the master owns. */
        private byte[] homeChannel() {
            var base = prefix + ":bus:" + instanceId;
            if (!nodes.clustered()) return bytes(base);
            for (int tag = 0; tag < 100_000; tag++) {
                var candidate = bytes(base + ":{" + tag + "}");
                if (address.equals(nodes.ownerOf(RedisNodes.slot(candidate)))) return candidate;
            }
            throw new IllegalStateException("Redis node " + address + " owns no slot");
        }

        private String subscriberName() {
            return connection.clientConfig().getClientName() + ":event-subscriber";
        }

        /** Sends one command on this connection; callers hold {@link #commands}, so commands never interleave. */
        void send(Consumer<Subscriber> command) {
            var target = subscriber;
            if (target == null) return;
            try {
                command.accept(target);
            } catch (RuntimeException e) {
                // The connection is going down; its thread subscribes everything again on the next one.
                log.debug("a command on the subscriber connection failed", e);
            }
        }

        /**
         * Subscribes {@code list}, one command each (a cluster takes the shard channels of one slot per
         * SSUBSCRIBE); Redis answers in order, so the last confirmation runs the catch-up. Callers hold
         * {@link #commands}.
         */
        void subscribeAndCatchUp(List<String> list) {
            if (list.isEmpty()) {
                Thread.ofVirtual().name("redis-event-catch-up").start(RedisEventBus.this::runResubscribedActions);
                return;
            }
            catchUpAfter = list.getLast();
            for (var channel : list) send(s -> s.ssubscribe(bytes(channel)));
        }

        /**
         * The connection is up: every channel of this shard is subscribed again, and the confirmation of the
         * last runs the catch-up. Also on the first connection when listeners came before it: what was
         * published before it was lost for them too.
         */
        void onConnected() {
            boolean catchUp;
            synchronized (commands) {
                ready = true;
                // On a cluster a shard without channels lost nothing: only one server's reconnect says so.
                catchUp = !channels.isEmpty() || (everConnected && !nodes.clustered());
                if (everConnected) {
                    reconnects++;
                    meters.resubscribes.increment();
                }
                everConnected = true;
                if (catchUp) subscribeAndCatchUp(List.copyOf(channels));
            }
            if (reportedDown) {
                log.atInfo().addKeyValue("redisNode", address.toString()).log("Redis event subscription restored");
            }
            reportedDown = false;
        }

        void onChannelConfirmed(String name) {
            Optional.ofNullable(confirmations.remove(name)).ifPresent(f -> f.complete(null));
            boolean last;
            synchronized (commands) {
                last = name.equals(catchUpAfter);
                if (last) catchUpAfter = null;
            }
            if (last) runResubscribedActions();
        }

        /**
         * Redis dropped a channel this bus still listens to: its slot moved to another master (a
         * migration). Learn the slot map and follow it, off the reading thread.
         */
        void onChannelDropped(String name) {
            boolean stillWanted;
            synchronized (commands) {
                stillWanted = listeners.containsKey(name) && assigned.get(name) == this;
            }
            if (stillWanted) Thread.ofVirtual().name("redis-event-reroute").start(RedisEventBus.this::reroute);
        }

        private static void disconnectQuietly(Connection conn) {
            try {
                conn.disconnect();
            } catch (RuntimeException e) {
                log.debug("closing the event subscriber connection failed", e);
            }
        }
    }

    private final class Subscriber extends BinaryJedisShardedPubSub {
        private final Shard shard;

        Subscriber(Shard shard) {
            this.shard = shard;
        }

        @Override
        public void onSSubscribe(byte[] channel, int subscribedChannels) {
            if (Arrays.equals(channel, shard.home)) {
                shard.onConnected();
                return;
            }
            shard.onChannelConfirmed(new String(channel, StandardCharsets.UTF_8));
        }

        @Override
        public void onSUnsubscribe(byte[] channel, int subscribedChannels) {
            if (channel == null || Arrays.equals(channel, shard.home)) return;
            shard.onChannelDropped(new String(channel, StandardCharsets.UTF_8));
        }

        @Override
        public void onSMessage(byte[] channel, byte[] message) {
            if (Arrays.equals(channel, shard.home)) {
                if (Arrays.equals(message, HEARTBEAT_MESSAGE)) {
                    shard.unheard.set(0);
                    return;
                }
                Optional.ofNullable(probes.get(new String(message, StandardCharsets.UTF_8)))
                        .ifPresent(f -> f.complete(null));
                return;
            }
            shard.unheard.set(0);
            deliver(new String(channel, StandardCharsets.UTF_8), message);
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
