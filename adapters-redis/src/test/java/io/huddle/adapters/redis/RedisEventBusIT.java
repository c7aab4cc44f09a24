package io.huddle.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.EventBusContract;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.SessionCode;
import io.huddle.testkit.Poll;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;

/** The Redis event bus passes the contract of every {@link EventBus}, and gets over a killed subscriber connection. */
class RedisEventBusIT extends EventBusContract {
    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private final List<RedisEventBus> buses = new ArrayList<>();

    /** The Redis of this run; {@code RedisEventBusClusterIT} runs the same tests on the cluster. */
    RedisTarget target() {
        return RedisTarget.SINGLE;
    }

    /**
     * The heartbeat of the busy test: often, so that dozens of beats fall among the 3,000 events. One
     * connection here; the cluster run has one per master, all beaten by one thread. 5 ms failed in CI once on a
     * loaded two-core machine, when a silence was judged by the clock (a 15 ms stall of the test's JVM was
     * enough); it is judged by three heartbeats unheard now.
     */
    Duration busyHeartbeat() {
        return Duration.ofMillis(20);
    }

    @AfterEach
    void close_buses() {
        buses.forEach(RedisEventBus::close);
    }

    private RedisEventBus newBus(String instance) {
        var bus = new RedisEventBus(
                        target().nodes(), target().connection(redis.prefix(), instance), redis.prefix(), instance)
                .start();
        buses.add(bus);
        return bus;
    }

    @Override
    protected EventBus bus() {
        return newBus("bus-" + UUID.randomUUID());
    }

    private static SessionCode code() {
        return io.huddle.application.contract.TestSessions.freshCode();
    }

    @Test
    void the_channel_of_a_session_carries_its_hash_tag() {
        var bus = newBus("tagged");
        assertThat(bus.channel(new SessionCode("K7M2QX"))).isEqualTo(redis.prefix() + ":{K7M2QX}:events");
    }

    @Test
    void an_event_published_by_one_instance_reaches_the_other() throws Exception {
        var one = newBus("one-" + UUID.randomUUID());
        var two = newBus("two-" + UUID.randomUUID());
        var session = code();
        var received = new LinkedBlockingQueue<SessionEvent>();
        two.subscribe(session, received::add);

        one.publish(new SessionEvent.SessionEnded(session, EndReason.OWNER));

        assertThat(received.poll(10, TimeUnit.SECONDS))
                .isEqualTo(new SessionEvent.SessionEnded(session, EndReason.OWNER));
    }

    @Test
    void after_its_connection_is_killed_it_subscribes_again_and_says_so() throws Exception {
        var name = "killed-" + UUID.randomUUID();
        var bus = newBus(name);
        // Connected before the first subscription, so the only catch-up signal can come from the kill.
        Poll.until(Duration.ofSeconds(10), "the bus is connected", bus::subscribed);
        var session = code();
        var received = new LinkedBlockingQueue<SessionEvent>();
        var resubscribed = new CountDownLatch(1);
        bus.onResubscribed(resubscribed::countDown);
        bus.subscribe(session, received::add);

        killPubSubClientsNamed(name);

        assertThat(resubscribed.await(10, TimeUnit.SECONDS))
                .as("resubscribed within 10 s")
                .isTrue();
        var after = new SessionEvent.SessionEnded(session, EndReason.EXPIRED);
        bus.publish(after);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(after);
    }

    @Test
    void a_busy_subscription_checked_every_few_milliseconds_is_never_taken_for_dead() throws Exception {
        var name = "busy-" + UUID.randomUUID();
        var bus = new RedisEventBus(
                        target().nodes(),
                        target().connection(redis.prefix(), name),
                        redis.prefix(),
                        name,
                        new RedisMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                        busyHeartbeat())
                .start();
        buses.add(bus);
        Poll.until(Duration.ofSeconds(10), "the bus is connected", bus::subscribed);
        var session = code();
        var received = new java.util.concurrent.atomic.AtomicInteger();
        bus.subscribe(session, event -> received.incrementAndGet());

        // Heartbeats every few ms while events stream in on the same connection: the pattern that made the
        // subscriber mis-read its answers and reconnect every few seconds.
        var publisher = newBus("busy-publisher-" + UUID.randomUUID());
        for (int i = 0; i < 3000; i++) publisher.publish(new SessionEvent.SessionEnded(session, EndReason.OWNER));
        Poll.until(Duration.ofSeconds(20), "every event arrived", () -> received.get() == 3000);
        Thread.sleep(200); // a few more beats on an idle subscription

        assertThat(bus.reconnects()).isZero();
    }

    @Test
    void an_idle_subscription_is_kept_for_many_times_its_silence_limit_and_still_delivers() throws Exception {
        var name = "idle-" + UUID.randomUUID();
        var bus = new RedisEventBus(
                        target().nodes(),
                        target().connection(redis.prefix(), name),
                        redis.prefix(),
                        name,
                        new RedisMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                        Duration.ofMillis(50))
                .start();
        buses.add(bus);
        Poll.until(Duration.ofSeconds(10), "the bus is connected", bus::subscribed);
        var session = code();
        var received = new java.util.concurrent.atomic.AtomicInteger();
        bus.subscribe(session, event -> received.incrementAndGet());

        // No event for 2 s: forty beats, more than thirteen times the three unheard beats after which a
        // subscription is taken for dead. Only its own heartbeats keep it known to be alive.
        Thread.sleep(2000);
        newBus("idle-publisher-" + UUID.randomUUID()).publish(new SessionEvent.SessionEnded(session, EndReason.OWNER));

        Poll.until(Duration.ofSeconds(10), "the event after the quiet arrived", () -> received.get() == 1);
        assertThat(bus.reconnects()).isZero();
    }

    @Test
    void the_last_subscription_to_close_unsubscribes_the_channel() throws Exception {
        var bus = newBus("leaving-" + UUID.randomUUID());
        var session = code();
        var subscription = bus.subscribe(session, event -> {});
        assertThat(numsub(bus.channel(session))).isEqualTo(1);

        subscription.close();

        Poll.until(Duration.ofSeconds(10), "the channel has no subscriber", () -> numsub(bus.channel(session)) == 0);
    }

    /**
     * {@code CLIENT KILL TYPE pubsub}, narrowed to this test's own connections by their client names:
     * other builds may share this Redis.
     */
    private void killPubSubClientsNamed(String part) {
        for (var master : target().nodes().masters()) {
            try (var jedis = new redis.clients.jedis.Jedis(master.getResource())) {
                var list = new String((byte[]) jedis.sendCommand(Protocol.Command.CLIENT, "LIST", "TYPE", "pubsub"));
                for (var line : list.split("\n")) {
                    if (!line.contains(part)) continue;
                    for (var field : line.trim().split(" ")) {
                        if (field.startsWith("id="))
                            jedis.sendCommand(Protocol.Command.CLIENT, "KILL", "ID", field.substring(3));
                    }
                }
            }
        }
    }

    /** {@code PUBSUB SHARDNUMSUB}, on the master that owns the channel's slot. */
    private long numsub(String channel) {
        var name = channel.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var reply =
                (List<?>) target().client().sendCommand(name, Protocol.Command.PUBSUB, "SHARDNUMSUB".getBytes(), name);
        return (Long) reply.get(1);
    }
}
