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
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.UserTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's feeds while a session's subscription waits for the bus to confirm it (a Redis round trip,
 * longer across a network): sockets of other sessions are not held up, and a second socket of the same
 * session waits for that same confirmation before its welcome, then receives the session's messages.
 */
class FeedsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryRecentMessages recent = new InMemoryRecentMessages(100, clock);
    private final SlowToConfirm bus = new SlowToConfirm(new InMemoryEventBus());
    private final UseCases useCases;
    private final List<Thread> started = new ArrayList<>();

    FeedsTest() {
        var ports = new Ports(
                sessions,
                new InMemorySessionCache(clock),
                new InMemoryMemberStore(clock),
                new InMemoryPresenceStore(clock),
                bus,
                new InMemoryStateStore(clock),
                new InMemoryMessageLog(sessions),
                recent,
                new InMemoryMessageRelay(recent, bus),
                new InMemoryRateLimiter(clock),
                new InMemoryInstanceRegistry(clock),
                UserTokens.NONE);
        useCases = UseCases.wire(
                ports,
                UseCases.Settings.defaults()
                        .withLimits(LimitPolicy.Tiers.off())
                        .withRealtime(Duration.ofSeconds(25), Duration.ofSeconds(1), "gw-1"),
                clock,
                new ManualScheduler());
    }

    @AfterEach
    void release() {
        bus.confirm();
        started.forEach(Thread::interrupt);
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

    /** Opens a socket on a thread of its own (it may wait for the bus); done once it is opened or refused. */
    private CompletableFuture<Open> opening(String token) {
        var result = new CompletableFuture<Open>();
        var sink = new RecordingSink();
        started.add(Thread.ofVirtual().start(() -> {
            try {
                var opening = useCases.connections()
                        .open(
                                new Connections.Request(
                                        Optional.of(token), Optional.empty(), "127.0.0.1", "s-" + token),
                                sink);
                assertThat(opening).isInstanceOf(Connections.Opened.class);
                result.complete(new Open(opening, sink));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    /** A bus that confirms one session's subscription only when the test says so, as a slow Redis would. */
    private static final class SlowToConfirm implements EventBus {
        private final EventBus bus;
        private final CountDownLatch confirmed = new CountDownLatch(1);
        final CountDownLatch asked = new CountDownLatch(1);
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
