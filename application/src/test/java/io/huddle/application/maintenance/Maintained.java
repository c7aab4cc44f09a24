package io.huddle.application.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.Ports;
import io.huddle.application.UseCases;
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
import io.huddle.application.session.EndSession;
import io.huddle.application.session.JoinSession;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import io.huddle.domain.session.UserTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The maintenance jobs on the in-memory stores, with sessions made by the real use cases, a clock
 * that moves only when a test moves it, and every event of the sessions made here recorded.
 */
final class Maintained {
    static final Duration INACTIVITY = Duration.ofMinutes(15);
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration RETENTION = Duration.ofDays(30);
    static final Duration TTL = Duration.ofHours(2);

    final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    final SessionStore sessions;
    final InMemorySessionCache cache = new InMemorySessionCache(clock);
    final InMemoryMemberStore members = new InMemoryMemberStore(clock);
    final InMemoryPresenceStore presence = new InMemoryPresenceStore(clock);
    final InMemoryInstanceRegistry instances = new InMemoryInstanceRegistry(clock);
    final InMemoryEventBus events = new InMemoryEventBus();
    final List<SessionEvent> published = new ArrayList<>();
    final EndSession end;
    final CreateSession create;
    final JoinSession join;

    Maintained() {
        this(new InMemorySessionStore());
    }

    Maintained(SessionStore sessions) {
        this.sessions = sessions;
        var recent = new InMemoryRecentMessages(100, clock);
        var useCases = UseCases.wire(
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
                        instances,
                        UserTokens.NONE),
                UseCases.Settings.defaults(),
                clock,
                new ManualScheduler());
        end = useCases.endSession();
        create = useCases.createSession();
        join = useCases.joinSession();
    }

    Batch batch(int size) {
        return new Batch(size, Duration.ofSeconds(30));
    }

    ExpireSessions expire(int batchSize) {
        return new ExpireSessions(sessions, end, clock, batch(batchSize));
    }

    EndInactiveSessions inactivity() {
        return new EndInactiveSessions(sessions, cache, presence, end, clock, INACTIVITY, batch(100));
    }

    RemoveIdleMembers idleMembers() {
        return new RemoveIdleMembers(members, presence, events, clock, IDLE, 100);
    }

    ClearGhostPresence ghosts() {
        return ghosts(presence);
    }

    ClearGhostPresence ghosts(PresenceStore presence) {
        return new ClearGhostPresence(presence, instances, members, events, clock, 100);
    }

    PurgeEndedSessions retention() {
        return new PurgeEndedSessions(sessions, clock, RETENTION, batch(100));
    }

    /** A live session made by CreateSession (its owner is a member), with its events recorded. */
    CreateSession.Created created() {
        var outcome = create.handle(new CreateSession.Command(
                new OwnerId("alice"),
                Optional.empty(),
                OptionalLong.empty(),
                OptionalLong.of(TTL.toSeconds()),
                Optional.empty()));
        assertThat(outcome).isInstanceOf(CreateSession.Created.class);
        var created = (CreateSession.Created) outcome;
        events.subscribe(created.session().session().code(), published::add);
        return created;
    }

    Session session() {
        return created().session().session();
    }

    JoinSession.Joined joined(SessionCode code, String name) {
        var outcome = join.handle(new JoinSession.Command(code, Optional.of(name), Optional.empty()));
        assertThat(outcome).isInstanceOf(JoinSession.Joined.class);
        return (JoinSession.Joined) outcome;
    }

    Optional<Session> stored(SessionCode code) {
        return sessions.find(code);
    }

    List<SessionEvent> published(Class<? extends SessionEvent> type) {
        return published.stream().filter(type::isInstance).toList();
    }
}
