package io.huddle.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestSessions;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Presence put back into a Redis that came back empty is exactly the sockets still open. */
class FallbackPresenceStoreTest {
    private final InstantSource clock = InstantSource.system();
    private final HotCopyRepairs repairs = new HotCopyRepairs(Duration.ofMillis(10));
    private final InMemoryPresenceStore redis = new InMemoryPresenceStore(clock);
    private final Session session = TestSessions.session(clock.instant());
    private final MemberId alice = new MemberId("m_alice");
    private final MemberId bob = new MemberId("m_bob");

    @AfterEach
    void stop() {
        repairs.close();
    }

    @Test
    void a_socket_that_closes_while_presence_is_put_back_does_not_come_back_online() {
        // One socket closes while the put-back is under way: after the put-back read the sockets, before its turn.
        var shared = new ClosingDuringPutBack(redis);
        var presence = new FallbackPresenceStore(shared, "gw-1", repairs);
        presence.socketOpened(session, alice, "s-alice", "gw-1");
        presence.socketOpened(session, bob, "s-bob", "gw-1");
        redis.clear(session.code()); // Redis came back empty
        shared.onFirstPutBack = putBack -> {
            if (putBack.equals("s-alice")) presence.socketClosed(session.code(), bob, "s-bob");
            else presence.socketClosed(session.code(), alice, "s-alice");
        };

        presence.reRegister();

        assertThat(presence.online(session.code())).hasSize(1);
        assertThat(presence.sockets(session.code(), alice) + presence.sockets(session.code(), bob))
                .isEqualTo(1);
    }

    @Test
    void every_socket_still_open_is_online_again_after_the_put_back() {
        var presence = new FallbackPresenceStore(redis, "gw-1", repairs);
        presence.socketOpened(session, alice, "s-alice", "gw-1");
        presence.socketOpened(session, bob, "s-bob", "gw-1");
        redis.clear(session.code());

        presence.reRegister();

        assertThat(presence.online(session.code())).containsExactlyInAnyOrder(alice, bob);
        assertThat(presence.onlineEverywhere(session.code())).contains(Set.of(alice, bob));
    }

    @Test
    void while_redis_is_away_first_and_last_socket_are_judged_by_this_gateways_own_sockets() {
        var away = (PresenceStore) Proxy.newProxyInstance(
                PresenceStore.class.getClassLoader(), new Class<?>[] {PresenceStore.class}, (proxy, method, args) -> {
                    throw new StoreUnavailable("redis", Duration.ofSeconds(1));
                });
        var presence = new FallbackPresenceStore(away, "gw-1", repairs);

        assertThat(presence.register(session, alice, "s-alice-1", "gw-1"))
                .isEqualTo(new PresenceStore.Registered(true, 1));
        assertThat(presence.register(session, alice, "s-alice-2", "gw-1"))
                .isEqualTo(new PresenceStore.Registered(false, 2));
        assertThat(presence.register(session, bob, "s-bob", "gw-1")).isEqualTo(new PresenceStore.Registered(true, 1));
        assertThat(presence.online(session.code())).containsExactlyInAnyOrder(alice, bob);
        // Only this gateway's sockets: not who is online everywhere, which a correction must not take it for.
        assertThat(presence.onlineEverywhere(session.code())).isEmpty();

        assertThat(presence.socketClosed(session.code(), alice, "s-alice-1")).isFalse();
        assertThat(presence.sockets(session.code(), alice)).isEqualTo(1);
        assertThat(presence.socketClosed(session.code(), alice, "s-alice-2")).isTrue();
        assertThat(presence.online(session.code())).containsExactly(bob);
        assertThat(presence.sockets(session.code(), alice)).isZero();
        assertThat(presence.socketClosed(session.code(), bob, "s-bob")).isTrue();
        assertThat(presence.online(session.code())).isEmpty();
        assertThat(presence.held()).isZero();
    }

    @Test
    void a_close_redis_did_not_take_while_it_answers_is_told_to_it_not_kept_until_an_outage() {
        var failing = new java.util.concurrent.atomic.AtomicReference<String>();
        var presence = new FallbackPresenceStore(failingOnce(failing), "gw-1", repairs);
        presence.register(session, alice, "s-alice", "gw-1");
        presence.register(session, bob, "s-bob", "gw-1");

        failing.set("socketClosed"); // one call timed out; Redis answers the rest
        presence.socketClosed(session.code(), alice, "s-alice");
        assertThat(presence.behind()).isTrue();
        assertThat(redis.online(session.code())).contains(alice);

        presence.tellMissed();

        assertThat(redis.online(session.code())).containsExactly(bob);
        assertThat(redis.sockets(session.code(), alice)).isZero();
        assertThat(presence.behind()).isFalse();
    }

    @Test
    void an_open_redis_did_not_take_is_told_to_it_unless_the_socket_closed_first() {
        var failing = new java.util.concurrent.atomic.AtomicReference<String>();
        var presence = new FallbackPresenceStore(failingOnce(failing), "gw-1", repairs);

        failing.set("register");
        presence.register(session, alice, "s-alice", "gw-1");
        failing.set("register");
        presence.register(session, bob, "s-bob", "gw-1");
        presence.socketClosed(session.code(), bob, "s-bob");
        assertThat(redis.online(session.code())).isEmpty();
        assertThat(presence.behind()).isTrue();

        presence.tellMissed();

        assertThat(redis.online(session.code())).containsExactly(alice);
        assertThat(redis.sockets(session.code(), alice)).isEqualTo(1);
        assertThat(presence.behind()).isFalse();
    }

    /** The in-memory Redis, failing the next call of the method {@code failing} names, once. */
    private PresenceStore failingOnce(java.util.concurrent.atomic.AtomicReference<String> failing) {
        return (PresenceStore) Proxy.newProxyInstance(
                PresenceStore.class.getClassLoader(), new Class<?>[] {PresenceStore.class}, (proxy, method, args) -> {
                    if (failing.compareAndSet(method.getName(), null)) {
                        throw new StoreUnavailable("redis", Duration.ofSeconds(1));
                    }
                    try {
                        return method.invoke(redis, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The shared store, which runs a given action (once) when the first socket is put back into it. */
    private static final class ClosingDuringPutBack implements PresenceStore {
        private final PresenceStore delegate;
        private int opened;
        Consumer<String> onFirstPutBack = socketId -> {};

        ClosingDuringPutBack(PresenceStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean socketOpened(Session session, MemberId member, String socketId, String instanceId) {
            boolean first = delegate.socketOpened(session, member, socketId, instanceId);
            // The two sockets' own openings are calls 1 and 2; call 3 is the put-back's first socket.
            if (++opened == 3) onFirstPutBack.accept(socketId);
            return first;
        }

        @Override
        public boolean socketClosed(SessionCode session, MemberId member, String socketId) {
            return delegate.socketClosed(session, member, socketId);
        }

        @Override
        public Set<MemberId> online(SessionCode session) {
            return delegate.online(session);
        }

        @Override
        public int sockets(SessionCode session, MemberId member) {
            return delegate.sockets(session, member);
        }

        @Override
        public void clear(SessionCode session) {
            delegate.clear(session);
        }

        @Override
        public SocketScan scanSockets(Optional<String> cursor, int count) {
            return delegate.scanSockets(cursor, count);
        }
    }
}
