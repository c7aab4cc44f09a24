package io.huddle.application.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.Ports;
import io.huddle.application.UseCases;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.auth.Caller;
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
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.JoinSession;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The message use cases wired to the in-memory stores, with a session of Alice's, a clock that moves
 * only when a test moves it, a log that can be taken down, and a recent copy
 * of {@value #RECENT_CAPACITY} messages. User tokens are {@code jwt-<user id>}.
 */
final class Messaging {
    static final int RECENT_CAPACITY = 10;
    static final OwnerId ALICE = new OwnerId("alice");

    final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final InMemorySessionCache cache = new InMemorySessionCache(clock);
    final InMemoryMemberStore members = new InMemoryMemberStore(clock);
    final InMemoryPresenceStore presence = new InMemoryPresenceStore(clock);
    final InMemoryEventBus events = new InMemoryEventBus();
    final FlakyMessageLog log = new FlakyMessageLog(new InMemoryMessageLog(sessions));
    final RecentMessages recent;
    final Authenticate authenticate;
    final CreateSession create;
    final JoinSession join;
    final SendMessage send;
    final GetHistory history;
    final SearchMessages search;
    final GetMessageStats stats;
    final ClearHistory clear;

    /** Alice's session, and Alice as its owner member. */
    final SessionCode code;

    final Caller owner;

    Messaging() {
        this(clock -> new InMemoryRecentMessages(RECENT_CAPACITY, clock));
    }

    Messaging(Function<InstantSource, RecentMessages> recentMessages) {
        this(recentMessages, LimitPolicy.Tiers.off());
    }

    /** With rate limits {@code limits} in force. */
    Messaging(LimitPolicy.Tiers limits) {
        this(clock -> new InMemoryRecentMessages(RECENT_CAPACITY, clock), limits);
    }

    Messaging(Function<InstantSource, RecentMessages> recentMessages, LimitPolicy.Tiers limits) {
        recent = recentMessages.apply(clock);
        var useCases = UseCases.wire(
                new Ports(
                        sessions,
                        cache,
                        members,
                        presence,
                        events,
                        new InMemoryStateStore(clock),
                        log,
                        recent,
                        new InMemoryMessageRelay(recent, events, cache),
                        new InMemoryRateLimiter(clock),
                        new InMemoryInstanceRegistry(clock),
                        token -> token.startsWith("jwt-")
                                ? Optional.of(new OwnerId(token.substring(4)))
                                : Optional.empty()),
                UseCases.Settings.defaults().withLimits(limits),
                clock,
                new ManualScheduler());
        authenticate = useCases.authenticate();
        create = useCases.createSession();
        join = useCases.joinSession();
        send = useCases.sendMessage();
        history = useCases.getHistory();
        search = useCases.searchMessages();
        stats = useCases.messageStats();
        clear = useCases.clearHistory();
        var created = (CreateSession.Created) create.handle(new CreateSession.Command(
                ALICE, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty()));
        code = created.session().session().code();
        owner = holderOf(created.token().reveal());
    }

    /** A new member of Alice's session with {@code role}, as the caller its token makes. */
    Caller joined(String name, String role) {
        var joined =
                (JoinSession.Joined) join.handle(new JoinSession.Command(code, Optional.of(name), Optional.of(role)));
        return holderOf(joined.token().reveal());
    }

    Caller holderOf(String bearer) {
        return ((Authenticate.Authenticated) authenticate.handle(Optional.of(bearer))).caller();
    }

    static Caller user(OwnerId user) {
        return new Caller.AsUser(user);
    }

    SendMessage.Outcome send(Caller caller, String content, Optional<String> clientMsgId) {
        return send.handle(new SendMessage.Command(
                caller, code, Optional.of(content), Optional.empty(), Optional.empty(), clientMsgId));
    }

    /** Sends plain text that must be stored. */
    Message sent(Caller caller, String content) {
        var outcome = send(caller, content, Optional.empty());
        assertThat(outcome).isInstanceOf(SendMessage.Sent.class);
        return ((SendMessage.Sent) outcome).message();
    }

    /** {@code count} messages "message 1", "message 2", … one millisecond apart. */
    List<Message> sentMany(Caller caller, int count) {
        var all = new ArrayList<Message>();
        for (int i = 1; i <= count; i++) {
            all.add(sent(caller, "message " + i));
            clock.advance(Duration.ofMillis(1));
        }
        return all;
    }

    GetHistory.Outcome history(Caller caller, OptionalLong before, OptionalLong after, OptionalLong limit) {
        return history.handle(new GetHistory.Command(caller, code, before, after, limit));
    }

    /** Records every event of {@code code} published from now on (the in-memory bus delivers at once). */
    List<SessionEvent> eventsOf(SessionCode code) {
        var recorded = new ArrayList<SessionEvent>();
        events.subscribe(code, recorded::add);
        return recorded;
    }
}
