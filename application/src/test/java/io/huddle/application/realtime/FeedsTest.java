package io.huddle.application.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huddle.application.Ports;
import io.huddle.application.UseCases;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.concurrency.ManualScheduler;
import io.huddle.application.contract.TestClock;
import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.application.memory.InMemoryInstanceRegistry;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.application.memory.InMemoryMessageLog;
import io.huddle.application.memory.InMemoryMessageRelay;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.application.memory.InMemoryRateLimiter;
import io.huddle.application.memory.InMemoryRecentMessages;
import io.huddle.application.memory.InMemorySessionCache;
import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.application.memory.InMemoryStateStore;
import io.huddle.application.message.SendMessage;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.JoinSession;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.UserTokens;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's feeds while a session's subscription waits for the bus to confirm it (a Redis round trip,
 * longer across a network): sockets of other sessions are not held up, a second socket of the same
 * session waits for that same confirmation before its welcome, then receives the session's messages; and
 * a socket's subscription is asked for while its presence is recorded, holding the feed no longer than
 * the socket needs it.
 */
class FeedsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryRecentMessages recent = new InMemoryRecentMessages(100, clock);
    private final SlowToConfirm bus = new SlowToConfirm(new InMemoryEventBus());
    private final GatedPresence presence = new GatedPresence(new InMemoryPresenceStore(clock), bus);
    private final ExecutorService alongside = Executors.newCachedThreadPool();
    private final UseCases useCases;
    private final List<Thread> started = new ArrayList<>();

    FeedsTest() {
        var cache = new InMemorySessionCache(clock);
        var ports = new Ports(
                sessions,
                cache,
                new InMemoryMemberStore(clock),
                presence.store(),
                bus,
                new InMemoryStateStore(clock),
                new InMemoryMessageLog(sessions),
                recent,
                new InMemoryMessageRelay(recent, bus, cache),
                new InMemoryRateLimiter(clock),
                new InMemoryInstanceRegistry(clock),
                UserTokens.NONE);
        useCases = UseCases.wire(
                ports,
                UseCases.Settings.defaults()
                        .withLimits(LimitPolicy.Tiers.off())
                        .withRealtime(Duration.ofSeconds(25), Duration.ofSeconds(1), "gw-1"),
                clock,
                new ManualScheduler(alongside));
    }

    @AfterEach
    void release() {
        bus.confirm();
        started.forEach(Thread::interrupt);
        alongside.shutdownNow();
    }

    @Test
    void a_socket_of_another_session_opens_while_one_session_waits_for_its_subscription() throws Exception {
        var slow = created("Alice");
        var other = created("Carol");
        bus.holdConfirmationOf(slow.code);

        var waiting = opening(slow.token);
        assertThat(bus.asked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        var elsewhere = opening(other.token).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(elsewhere.sink.of(ServerEvent.Welcome.class)).hasSize(1);
        assertThat(waiting).isNotDone();
        bus.confirm();
        assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS).sink.of(ServerEvent.Welcome.class))
                .hasSize(1);
    }

    @Test
    void a_second_socket_of_the_session_waits_for_the_same_confirmation_then_gets_its_messages() throws Exception {
        var session = created("Alice");
        var bob = joined(session.code, "Bob");
        bus.holdConfirmationOf(session.code);

        var alice = opening(session.token);
        assertThat(bus.asked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        var second = opening(bob);

        // Welcomed before the confirmation, Bob could miss what is published meanwhile: he waits too.
        assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        bus.confirm();
        var bobs = second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        alice.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(bus.subscriptions).isEqualTo(1);

        sent(session.code, session.token, "hello");
        assertThat(bobs.sink.of(ServerEvent.MessageNew.class))
                .extracting(m -> m.message().content())
                .containsExactly("hello");
    }

    @Test
    void the_subscription_is_asked_for_while_the_socket_registers_its_presence() throws Exception {
        var session = created("Alice");
        presence.waitForTheBusOnRegister();

        var opened = opening(session.token).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // Registering the presence waited (boundedly) for the bus to be asked: in turn, it never would be.
        assertThat(presence.busAskedMeanwhile).isTrue();
        assertThat(opened.sink.of(ServerEvent.Welcome.class)).hasSize(1);
        sent(session.code, joined(session.code, "Bob"), "hello");
        assertThat(opened.sink.of(ServerEvent.MessageNew.class))
                .extracting(m -> m.message().content())
                .containsExactly("hello");
    }

    @Test
    void a_socket_refused_as_one_too_many_holds_the_feed_no_longer_than_the_others() throws Exception {
        var session = created("Alice");
        var open = new ArrayList<Open>();
        for (int i = 0; i < UseCases.Settings.defaults().maxSocketsPerMember(); i++) {
            open.add(opening(session.token, "s-" + i).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }

        var refused = opening(session.token, "one-too-many", false).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(refused.opening()).isEqualTo(new Connections.Refused(4008, "too many connections"));
        open.forEach(o -> ((Connections.Opened) o.opening()).stream().closed());

        assertThat(useCases.feeds().sessions()).isEmpty();
    }

    @Test
    void a_socket_whose_presence_cannot_be_recorded_leaves_no_feed_behind() throws Exception {
        var session = created("Alice");
        presence.failOnRegister();

        var refused = opening(session.token, "s-1", false).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(refused.opening())
                .isEqualTo(new Connections.Refused(Connections.TRY_AGAIN_LATER, "try again later"));
        assertThat(useCases.feeds().sessions()).isEmpty();
    }

    private record Created(SessionCode code, String token) {}

    private record Open(Connections.Opening opening, RecordingSink sink) {}

    private Created created(String owner) {
        var created = (CreateSession.Created) useCases.createSession()
                .handle(new CreateSession.Command(
                        new OwnerId("owner-" + owner),
                        Optional.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        Optional.of(owner)));
        return new Created(created.session().session().code(), created.token().reveal());
    }

    private String joined(SessionCode code, String name) {
        var joined = (JoinSession.Joined)
                useCases.joinSession().handle(new JoinSession.Command(code, Optional.of(name), Optional.empty()));
        return joined.token().reveal();
    }

    private void sent(SessionCode code, String token, String content) {
        var caller = ((Authenticate.Authenticated) useCases.authenticate().handle(Optional.of(token))).caller();
        var outcome = useCases.sendMessage()
                .handle(new SendMessage.Command(
                        caller, code, Optional.of(content), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(outcome).isInstanceOf(SendMessage.Sent.class);
    }

    private CompletableFuture<Open> opening(String token) {
        return opening(token, "s-" + token);
    }

    private CompletableFuture<Open> opening(String token, String socketId) {
        return opening(token, socketId, true);
    }

    /** Opens a socket on a thread of its own (it may wait for the bus); done once it is opened (or refused, unless {@code mustOpen}). */
    private CompletableFuture<Open> opening(String token, String socketId, boolean mustOpen) {
        var result = new CompletableFuture<Open>();
        var sink = new RecordingSink();
        started.add(Thread.ofVirtual().start(() -> {
            try {
                var opening = useCases.connections()
                        .open(
                                new Connections.Request(Optional.of(token), Optional.empty(), "127.0.0.1", socketId),
                                sink);
                if (mustOpen) assertThat(opening).isInstanceOf(Connections.Opened.class);
                result.complete(new Open(opening, sink));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    /**
     * The presence store, whose registration can be made to wait (at most {@link #WAIT}) for the bus to be
     * asked for a subscription: it records whether the bus was asked meanwhile.
     */
    private static final class GatedPresence {
        private final PresenceStore store;
        private volatile boolean gate;
        private volatile boolean failing;
        volatile boolean busAskedMeanwhile;

        GatedPresence(PresenceStore inner, SlowToConfirm bus) {
            this.store = (PresenceStore) Proxy.newProxyInstance(
                    PresenceStore.class.getClassLoader(),
                    new Class<?>[] {PresenceStore.class},
                    (proxy, method, args) -> {
                        if (gate && method.getName().equals("register")) {
                            busAskedMeanwhile = bus.anyAsked.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                        }
                        if (failing && method.getName().equals("register")) {
                            throw new StoreUnavailable("redis", Duration.ofSeconds(1));
                        }
                        try {
                            return method.invoke(inner, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        PresenceStore store() {
            return store;
        }

        void waitForTheBusOnRegister() {
            gate = true;
        }

        void failOnRegister() {
            failing = true;
        }
    }

    /** A bus that confirms one session's subscription only when the test says so, as a slow Redis would. */
    private static final class SlowToConfirm implements EventBus {
        private final EventBus bus;
        private final CountDownLatch confirmed = new CountDownLatch(1);
        final CountDownLatch asked = new CountDownLatch(1);
        final CountDownLatch anyAsked = new CountDownLatch(1);
        private volatile SessionCode held;
        volatile int subscriptions;

        SlowToConfirm(EventBus bus) {
            this.bus = bus;
        }

        void holdConfirmationOf(SessionCode session) {
            held = session;
        }

        void confirm() {
            confirmed.countDown();
        }

        @Override
        public void publish(SessionEvent event) {
            bus.publish(event);
        }

        @Override
        public Subscription subscribe(SessionCode session, Consumer<SessionEvent> listener) {
            var subscription = bus.subscribe(session, listener);
            anyAsked.countDown();
            if (session.equals(held)) {
                subscriptions++;
                asked.countDown();
                try {
                    if (!confirmed.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                        throw new IllegalStateException("never confirmed");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return subscription;
        }
    }
}
