package io.huddle.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestSessions;
import io.huddle.application.memory.InMemoryInstanceRegistry;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.presence.PresenceStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watch on a Redis that answers throughout (its breaker never opens): what failed alone meanwhile reaches it
 * within a few rounds, not at the next outage.
 */
class RedisWatchTest {
    /** Bounds the waits only, so that a watch that never tells Redis fails the test instead of hanging it. */
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final InstantSource clock = InstantSource.system();
    private final HotCopyRepairs repairs = new HotCopyRepairs(Duration.ofMillis(10));
    private final InMemoryPresenceStore redis = new InMemoryPresenceStore(clock);
    private final InMemoryInstanceRegistry instances = new InMemoryInstanceRegistry(clock);

    @AfterEach
    void stop() {
        repairs.close();
    }

    @Test
    void a_socket_close_redis_did_not_take_is_told_to_it_while_it_answers() throws Exception {
        var failNextClose = new AtomicBoolean();
        var presence = new FallbackPresenceStore(closesFailingWhen(failNextClose), "gw-1", repairs);
        var session = TestSessions.session(clock.instant());
        var alice = new MemberId("m_alice");
        presence.register(session, alice, "s-1", "gw-1");
        instances.heartbeat("gw-1", Duration.ofMinutes(1));

        try (var watch = watching(presence)) {
            failNextClose.set(true); // one command timed out; one failure among successes opens no breaker
            presence.socketClosed(session.code(), alice, "s-1");

            // Before, Redis kept the socket for as long as it stayed up: Alice online with nobody there, and the
            // socket counted against her limit of sockets.
            await(() -> !redis.online(session.code()).contains(alice));
            assertThat(redis.sockets(session.code(), alice)).isZero();
        }
    }

    @Test
    void a_hot_copy_repair_that_failed_alone_runs_while_redis_answers() throws Exception {
        var ran = new AtomicInteger();
        repairs.whenBack("members:ABC123", ran::incrementAndGet);
        var presence = new FallbackPresenceStore(redis, "gw-1", repairs);
        instances.heartbeat("gw-1", Duration.ofMinutes(1));

        try (var watch = watching(presence)) {
            await(() -> ran.get() == 1);
            assertThat(repairs.pending()).isZero();
        }
    }

    private RedisWatch watching(FallbackPresenceStore presence) {
        return RedisWatch.start(
                () -> true,
                instances,
                "gw-1",
                Duration.ofMinutes(1),
                presence,
                repairs,
                () -> {},
                () -> {},
                () -> false);
    }

    /** The in-memory Redis, failing a socket's close while {@code fail} is set, once. */
    private PresenceStore closesFailingWhen(AtomicBoolean fail) {
        return (PresenceStore) Proxy.newProxyInstance(
                PresenceStore.class.getClassLoader(), new Class<?>[] {PresenceStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("socketClosed") && fail.getAndSet(false)) {
                        throw new StoreUnavailable("redis", Duration.ofSeconds(1));
                    }
                    try {
                        return method.invoke(redis, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within " + WITHIN).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
