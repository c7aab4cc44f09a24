package io.huddle.application.session;

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
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.Membership;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every session use case wired to the in-memory stores, with a clock that moves only when a test
 * moves it. User tokens are {@code jwt-<user id>}.
 */
final class Huddle {
    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    static final OwnerId ALICE = new OwnerId("alice");
    static final OwnerId MALLORY = new OwnerId("mallory");

    final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final InMemorySessionCache cache = new InMemorySessionCache(clock);
    final InMemoryMemberStore members = new InMemoryMemberStore(clock);
    final InMemoryPresenceStore presence = new InMemoryPresenceStore(clock);
    final InMemoryEventBus events = new InMemoryEventBus();
    final InMemoryRecentMessages recent = new InMemoryRecentMessages(100, clock);
    final UseCases useCases = UseCases.wire(
            new Ports(
                    sessions,
                    cache,
                    members,
                    presence,
                    events,
                    new InMemoryStateStore(clock),
                    new InMemoryMessageLog(sessions),
                    recent,
                    new InMemoryMessageRelay(recent, events, cache),
                    new InMemoryRateLimiter(clock),
                    new InMemoryInstanceRegistry(clock),
                    token ->
                            token.startsWith("jwt-") ? Optional.of(new OwnerId(token.substring(4))) : Optional.empty()),
            UseCases.Settings.defaults(),
            clock,
            new ManualScheduler());
    final Authenticate authenticate = useCases.authenticate();
    final CreateSession create = useCases.createSession();
    final JoinSession join = useCases.joinSession();
    final GetSession get = useCases.getSession();
    final EndSession end = useCases.endSession();
    final TerminateSession terminate = useCases.terminateSession();
    final RemoveMember remove = useCases.removeMember();
    final ListMembers listMembers = useCases.listMembers();
    final ListSessions listSessions = useCases.listSessions();
    final ListLiveSessions listLiveSessions = useCases.listLiveSessions();

    /** A session of {@code owner} with default settings but {@code maxMembers}. */
    CreateSession.Created created(OwnerId owner, int maxMembers) {
        var outcome = create.handle(new CreateSession.Command(
                owner, Optional.empty(), OptionalLong.of(maxMembers), OptionalLong.empty(), Optional.empty()));
        assertThat(outcome).isInstanceOf(CreateSession.Created.class);
        return (CreateSession.Created) outcome;
    }

    CreateSession.Created created() {
        return created(ALICE, 100);
    }

    JoinSession.Joined joined(SessionCode code, String name, String role) {
        var outcome = join.handle(new JoinSession.Command(code, Optional.of(name), Optional.of(role)));
        assertThat(outcome).isInstanceOf(JoinSession.Joined.class);
        return (JoinSession.Joined) outcome;
    }

    /** Whom a bearer credential authenticates as; empty when it does not verify (401). */
    Optional<Caller> who(String bearer) {
        return authenticate.handle(Optional.of(bearer)) instanceof Authenticate.Authenticated(var caller)
                ? Optional.of(caller)
                : Optional.empty();
    }

    Caller holderOf(MemberToken token) {
        return who(token.reveal()).orElseThrow();
    }

    Optional<Membership> membershipOf(MemberToken token) {
        return members.authenticate(token.hash());
    }

    static Caller user(OwnerId user) {
        return new Caller.AsUser(user);
    }

    /** Records every event of {@code code} published from now on (the in-memory bus delivers at once). */
    List<SessionEvent> eventsOf(SessionCode code) {
        var recorded = new ArrayList<SessionEvent>();
        events.subscribe(code, recorded::add);
        return recorded;
    }
}
