package io.huddle.application.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Authenticate;
import io.huddle.application.auth.Caller;
import io.huddle.application.contract.TestClock;
import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.application.memory.InMemorySessionCache;
import io.huddle.application.memory.InMemorySessionStore;
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
import java.util.SplittableRandom;

/**
 * Every session use case wired to the in-memory stores, with a clock that moves only when a test
 * moves it and a seeded random source. User tokens are {@code jwt-<user id>}.
 */
final class Huddle {
    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    static final OwnerId ALICE = new OwnerId("alice");
    static final OwnerId MALLORY = new OwnerId("mallory");

    final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    final SplittableRandom random;
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final InMemorySessionCache cache = new InMemorySessionCache(clock);
    final InMemoryMemberStore members = new InMemoryMemberStore(clock);
    final InMemoryPresenceStore presence = new InMemoryPresenceStore(clock);
    final InMemoryEventBus events = new InMemoryEventBus();
    final LiveSessions live = new LiveSessions(sessions, cache, clock);
    final SessionViews views = new SessionViews(members, presence, clock);
    final Authenticate authenticate = new Authenticate(
            members,
            token -> token.startsWith("jwt-") ? Optional.of(new OwnerId(token.substring(4))) : Optional.empty());
    final CreateSession create;
    final JoinSession join;
    final GetSession get;
    final EndSession end;
    final TerminateSession terminate;
    final RemoveMember remove;
    final ListMembers listMembers;
    final ListSessions listSessions;

    Huddle() {
        this(42);
    }

    Huddle(long seed) {
        random = new SplittableRandom(seed);
        create =
                new CreateSession(sessions, cache, members, clock, random, new CreateSession.Settings(MAX_LIFETIME, 6));
        join = new JoinSession(live, members, views, events, clock, random);
        get = new GetSession(live, views);
        end = new EndSession(sessions, cache, members, presence, events, clock);
        terminate = new TerminateSession(live, end);
        remove = new RemoveMember(live, members, events);
        listMembers = new ListMembers(live, members, presence);
        listSessions = new ListSessions(sessions, views, clock);
    }

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
        return authenticate.handle(Optional.of(bearer));
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
