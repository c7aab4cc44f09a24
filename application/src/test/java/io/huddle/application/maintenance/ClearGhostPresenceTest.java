package io.huddle.application.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.application.session.JoinSession;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class ClearGhostPresenceTest {
    private static final Duration TTL = Duration.ofSeconds(15);

    private final Maintained huddle = new Maintained();

    @Test
    void sockets_of_an_instance_that_stopped_beating_are_cleared_and_their_members_go_offline_once() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        var carol = huddle.joined(session.code(), "Carol");
        huddle.instances.heartbeat("gw-dead", TTL);
        huddle.instances.heartbeat("gw-live", TTL);
        huddle.presence.socketOpened(session, bob.member().id(), "bob-phone", "gw-dead");
        huddle.presence.socketOpened(session, bob.member().id(), "bob-laptop", "gw-dead");
        huddle.presence.socketOpened(session, carol.member().id(), "carol-phone", "gw-live");
        huddle.clock.advance(TTL.minusSeconds(1));
        huddle.instances.heartbeat("gw-live", TTL);
        huddle.clock.advance(Duration.ofSeconds(1));

        var round = huddle.ghosts().handle();

        assertThat(round.handled()).isEqualTo(2);
        assertThat(huddle.presence.online(session.code()))
                .containsExactly(carol.member().id());
        assertThat(huddle.published(SessionEvent.MemberOffline.class))
                .containsExactly(new SessionEvent.MemberOffline(session.code(), bob.member(), new Headcount(1, 3)));
    }

    @Test
    void sockets_of_instances_still_beating_are_left_alone() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        huddle.instances.heartbeat("gw-1", TTL);
        huddle.presence.socketOpened(session, bob.member().id(), "bob-phone", "gw-1");
        huddle.clock.advance(TTL.minusMillis(1));

        assertThat(huddle.ghosts().handle()).isEqualTo(Round.of(0));

        assertThat(huddle.presence.online(session.code()))
                .containsExactly(bob.member().id());
        assertThat(huddle.published(SessionEvent.MemberOffline.class)).isEmpty();
    }

    @Test
    void a_ghost_of_a_member_who_already_left_goes_without_an_event() {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        huddle.presence.socketOpened(session, bob.member().id(), "bob-phone", "gw-never-beat");
        huddle.members.remove(session.code(), bob.member().id());

        huddle.ghosts().handle();

        assertThat(huddle.presence.online(session.code())).isEmpty();
        assertThat(huddle.published(SessionEvent.MemberOffline.class)).isEmpty();
    }

    @Test
    void entries_that_ran_out_while_redis_was_paused_are_no_proof_until_the_gateways_had_a_beat_to_come_back() {
        var two = bobAndCarol("gw-live", "gw-dead");
        var session = two.session();
        var bob = two.bob();
        var carol = two.carol();
        var away = new AtomicBoolean();
        var ghosts = huddle.ghosts(unreachableWhile(away));

        // Redis stopped (SIGSTOP) for 40 s: the round cannot reach it; it resumes with every entry run out.
        away.set(true);
        assertThatThrownBy(ghosts::handle).isInstanceOf(StoreUnavailable.class);
        huddle.clock.advance(Duration.ofSeconds(40));
        away.set(false);

        ghosts.handle();
        assertThat(huddle.presence.online(session.code()))
                .containsExactlyInAnyOrder(bob.member().id(), carol.member().id());
        assertThat(huddle.published(SessionEvent.MemberOffline.class)).isEmpty();

        // The live gateway beats within a second of Redis answering; the dead one never does.
        huddle.instances.heartbeat("gw-live", TTL);
        huddle.clock.advance(ClearGhostPresence.AFTER_OUTAGE);
        var round = ghosts.handle();

        assertThat(round.handled()).isEqualTo(1);
        assertThat(huddle.presence.online(session.code()))
                .containsExactly(bob.member().id());
        assertThat(huddle.published(SessionEvent.MemberOffline.class))
                .containsExactly(new SessionEvent.MemberOffline(session.code(), carol.member(), new Headcount(1, 3)));
    }

    @Test
    void a_round_walks_the_sockets_only_once_an_instance_seen_alive_is_gone_or_the_longest_wait_has_passed() {
        var two = bobAndCarol("gw-1", "gw-2");
        var session = two.session();
        var bob = two.bob();
        var carol = two.carol();
        var walks = new AtomicInteger();
        var ghosts = huddle.ghosts(countingWalks(walks));

        ghosts.handle(); // a new worker walks at once
        for (int i = 0; i < 5; i++) {
            huddle.clock.advance(Duration.ofSeconds(5));
            huddle.instances.heartbeat("gw-1", TTL);
            huddle.instances.heartbeat("gw-2", TTL);
            ghosts.handle();
        }
        assertThat(walks).as("nobody went: no walk after the first").hasValue(1);

        // gw-2 dies: its entry runs out, and the next round walks and clears its socket.
        huddle.clock.advance(TTL);
        huddle.instances.heartbeat("gw-1", TTL);
        var round = ghosts.handle();
        assertThat(walks).hasValue(2);
        assertThat(round.handled()).isEqualTo(1);
        assertThat(huddle.presence.online(session.code()))
                .containsExactly(bob.member().id());

        // A ghost of an instance no round saw alive is found by the walk at the longest wait.
        huddle.presence.socketOpened(session, carol.member().id(), "carol-tablet", "gw-unseen");
        huddle.clock.advance(ClearGhostPresence.WALK_AT_LEAST_EVERY.minusSeconds(1));
        huddle.instances.heartbeat("gw-1", TTL);
        ghosts.handle();
        assertThat(walks).hasValue(2);
        huddle.clock.advance(Duration.ofSeconds(1));
        huddle.instances.heartbeat("gw-1", TTL);
        assertThat(ghosts.handle().handled()).isEqualTo(1);
        assertThat(walks).hasValue(3);
    }

    @Test
    void a_walk_cut_short_by_redis_is_walked_again_once_it_answers_not_only_at_the_longest_wait() {
        var two = bobAndCarol("gw-1", "gw-2");
        var session = two.session();
        var bob = two.bob();
        var carol = two.carol();
        var scanFails = new AtomicBoolean();
        var ghosts = huddle.ghosts(presenceWith((method, args) -> {
            if (scanFails.get() && method.getName().equals("scanSockets")) {
                throw new StoreUnavailable("redis", Duration.ofSeconds(1)); // a SCAN that timed out
            }
        }));
        ghosts.handle(); // the first walk: both alive

        // gw-2 dies; the round that sees it gone walks, and the walk's first SCAN times out.
        huddle.clock.advance(TTL);
        huddle.instances.heartbeat("gw-1", TTL);
        scanFails.set(true);
        assertThatThrownBy(ghosts::handle).isInstanceOf(StoreUnavailable.class);
        scanFails.set(false);

        // Rounds every 5 s for half a minute. Before, gw-2 had left the instances seen alive when the walk
        // began, so no round knew to walk again: Carol stayed online until the walk at the longest wait (5 min).
        for (int i = 0; i < 6; i++) {
            huddle.clock.advance(Duration.ofSeconds(5));
            huddle.instances.heartbeat("gw-1", TTL);
            ghosts.handle();
        }

        assertThat(huddle.presence.online(session.code()))
                .containsExactly(bob.member().id());
        assertThat(huddle.published(SessionEvent.MemberOffline.class))
                .extracting(event -> ((SessionEvent.MemberOffline) event).member())
                .containsExactly(carol.member());
    }

    /** A session Bob and Carol joined, each with a socket on a gateway of their own, both beating. */
    private BobAndCarol bobAndCarol(String bobsGateway, String carolsGateway) {
        var session = huddle.session();
        var bob = huddle.joined(session.code(), "Bob");
        var carol = huddle.joined(session.code(), "Carol");
        huddle.instances.heartbeat(bobsGateway, TTL);
        huddle.instances.heartbeat(carolsGateway, TTL);
        huddle.presence.socketOpened(session, bob.member().id(), "bob-phone", bobsGateway);
        huddle.presence.socketOpened(session, carol.member().id(), "carol-phone", carolsGateway);
        return new BobAndCarol(session, bob, carol);
    }

    private record BobAndCarol(Session session, JoinSession.Joined bob, JoinSession.Joined carol) {}

    /** The in-memory presence, counting the walks that start (a scan from no cursor). */
    private PresenceStore countingWalks(AtomicInteger walks) {
        return presenceWith((method, args) -> {
            if (method.getName().equals("scanSockets") && ((Optional<?>) args[0]).isEmpty()) walks.incrementAndGet();
        });
    }

    /** The in-memory presence, failing like an unreachable Redis while {@code away} is set. */
    private PresenceStore unreachableWhile(AtomicBoolean away) {
        return presenceWith((method, args) -> {
            if (away.get()) throw new StoreUnavailable("redis", Duration.ofSeconds(1));
        });
    }

    /** The in-memory presence, with {@code before} run ahead of each call (it may throw, as a store would). */
    private PresenceStore presenceWith(BiConsumer<Method, Object[]> before) {
        return (PresenceStore) Proxy.newProxyInstance(
                PresenceStore.class.getClassLoader(), new Class<?>[] {PresenceStore.class}, (proxy, method, args) -> {
                    before.accept(method, args);
                    try {
                        return method.invoke(huddle.presence, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
