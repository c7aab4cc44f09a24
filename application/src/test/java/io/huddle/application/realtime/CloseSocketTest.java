package io.huddle.application.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.application.memory.InMemorySessionCache;
import io.huddle.application.session.SessionViews;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.SessionCode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CloseSocketTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-04T12:00:00Z"));

    /**
     * A storm of closes: forty sockets closing at once are unregistered a few at a time, so the stores'
     * pooled connections stay free for the sockets still open; every one of them is unregistered in the end.
     */
    @Test
    void a_storm_of_closes_is_unregistered_a_few_at_a_time_and_all_of_them() throws Exception {
        var inside = new AtomicInteger();
        var most = new AtomicInteger();
        var unregistered = new AtomicInteger();
        var release = new CountDownLatch(1);
        var real = new InMemoryPresenceStore(CLOCK);
        var presence = (PresenceStore) Proxy.newProxyInstance(
                PresenceStore.class.getClassLoader(), new Class<?>[] {PresenceStore.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("socketClosed")) return invoke(method, real, args);
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        release.await(10, TimeUnit.SECONDS);
                        return invoke(method, real, args);
                    } finally {
                        inside.decrementAndGet();
                        unregistered.incrementAndGet();
                    }
                });
        var members = new InMemoryMemberStore(CLOCK);
        var close = new CloseSocket(
                members,
                presence,
                new SessionViews(members, presence, new InMemorySessionCache(CLOCK), CLOCK),
                new InMemoryEventBus());
        var session = new SessionCode("K7M2QX");
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < 40; i++) {
            var member = Member.joining(MemberId.generate(new Random(i)), "m" + i, Role.MEMBER, CLOCK.instant());
            var command = new CloseSocket.Command(session, member, "s" + i, CLOCK.instant(), true);
            threads.add(Thread.startVirtualThread(() -> close.handle(command)));
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inside.get() < CloseSocket.AT_ONCE && System.nanoTime() < deadline) Thread.sleep(5);
        Thread.sleep(100); // time for any socket beyond the allowance to get in, were it let in
        assertThat(inside.get()).isEqualTo(CloseSocket.AT_ONCE);

        release.countDown();
        for (var thread : threads) thread.join(Duration.ofSeconds(10));
        assertThat(unregistered.get()).isEqualTo(40);
        assertThat(most.get()).isEqualTo(CloseSocket.AT_ONCE);
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
