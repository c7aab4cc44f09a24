package io.huddle.application.state;

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
import io.huddle.application.session.LiveSessions;
import io.huddle.application.session.SessionAccess;
import io.huddle.application.session.TerminateSession;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.UserTokens;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import io.huddle.domain.text.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link GetState} and {@link UpdateState} over the in-memory stores, in a session of Alice's. */
class StateTest {
    private static final OwnerId ALICE = new OwnerId("alice");

    private final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemorySessionCache cache = new InMemorySessionCache(clock);
    private final InMemoryMemberStore members = new InMemoryMemberStore(clock);
    private final InMemoryPresenceStore presence = new InMemoryPresenceStore(clock);
    private final InMemoryEventBus events = new InMemoryEventBus();
    private final InMemoryStateStore states = new InMemoryStateStore(clock);
    private final InMemoryRecentMessages recent = new InMemoryRecentMessages(100, clock);
    private final UseCases useCases = UseCases.wire(
            new Ports(
                    sessions,
                    cache,
                    members,
                    presence,
                    events,
                    states,
                    new InMemoryMessageLog(sessions),
                    recent,
                    new InMemoryMessageRelay(recent, events, cache),
                    new InMemoryRateLimiter(clock),
                    new InMemoryInstanceRegistry(clock),
                    UserTokens.NONE),
            UseCases.Settings.defaults(),
            clock,
            new ManualScheduler());
    private final Authenticate authenticate = useCases.authenticate();
    private final GetState get = useCases.getState();
    private final UpdateState update = useCases.updateState();

    private final SessionCode code;
    private final Caller owner;
    private final Caller bob;
    private final Caller wall;

    StateTest() {
        var created = (CreateSession.Created) useCases.createSession()
                .handle(new CreateSession.Command(
                        ALICE, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty()));
        code = created.session().session().code();
        owner = holderOf(created.token().reveal());
        bob = joined("Bob", "member");
        wall = joined("Wall", "display");
    }

    private Caller joined(String name, String role) {
        var joined = (JoinSession.Joined)
                useCases.joinSession().handle(new JoinSession.Command(code, Optional.of(name), Optional.of(role)));
        return holderOf(joined.token().reveal());
    }

    private Caller holderOf(String token) {
        return ((Authenticate.Authenticated) authenticate.handle(Optional.of(token))).caller();
    }

    private MemberId idOf(Caller caller) {
        return caller.memberOf(code).orElseThrow().member().id();
    }

    private GetState.Outcome read(Caller caller) {
        return get.handle(new GetState.Command(caller, code));
    }

    private UpdateState.Outcome write(Caller caller, String data, OptionalLong base) {
        return update.handle(new UpdateState.Command(caller, code, Optional.of(data), base));
    }

    private SharedState written(UpdateState.Outcome outcome) {
        assertThat(outcome).isInstanceOf(UpdateState.Updated.class);
        return ((UpdateState.Updated) outcome).state();
    }

    private List<SessionEvent> eventsOf(SessionCode session) {
        var recorded = new ArrayList<SessionEvent>();
        events.subscribe(session, recorded::add);
        return recorded;
    }

    @Test
    void a_state_nobody_wrote_reads_as_version_zero() {
        assertThat(read(bob)).isEqualTo(new GetState.Found(SharedState.NEVER_WRITTEN));
    }

    @Test
    void a_member_writes_and_every_role_reads_it_back() {
        var at = clock.advance(Duration.ofSeconds(3));

        var state = written(write(bob, "{\"tempo\":120}", OptionalLong.empty()));

        assertThat(state).isEqualTo(SharedState.written(1, new StateData("{\"tempo\":120}"), at, idOf(bob)));
        assertThat(read(wall)).isEqualTo(new GetState.Found(state));
        assertThat(read(owner)).isEqualTo(new GetState.Found(state));
    }

    @Test
    void a_write_is_published_and_counts_as_activity() {
        var recorded = eventsOf(code);
        var at = clock.advance(Duration.ofMinutes(2));

        var state = written(write(owner, "[1]", OptionalLong.empty()));

        assertThat(recorded).containsExactly(new SessionEvent.StateUpdated(code, state));
        assertThat(cache.get(code).orElseThrow().lastActivityAt()).isEqualTo(at);
    }

    @Test
    void a_write_on_the_current_version_is_written_and_a_stale_one_conflicts() {
        written(write(bob, "1", OptionalLong.empty()));
        var second = written(write(owner, "2", OptionalLong.of(1)));
        var recorded = eventsOf(code);

        assertThat(write(bob, "3", OptionalLong.of(1))).isEqualTo(new UpdateState.Conflict(2));

        assertThat(second.version()).isEqualTo(2);
        assertThat(read(bob)).isEqualTo(new GetState.Found(second));
        assertThat(recorded).isEmpty();
    }

    @Test
    void json_null_is_written_as_data() {
        var state = written(write(bob, "null", OptionalLong.of(0)));

        assertThat(state.data()).contains(new StateData("null"));
    }

    @Test
    void a_display_reads_but_may_not_write() {
        assertThat(write(wall, "1", OptionalLong.empty()))
                .isEqualTo(new UpdateState.Refused(SessionAccess.Refusal.FORBIDDEN));
        assertThat(read(wall)).isEqualTo(new GetState.Found(SharedState.NEVER_WRITTEN));
    }

    @Test
    void user_tokens_and_nobody_are_unauthenticated_for_state() {
        var user = new Caller.AsUser(ALICE);

        assertThat(read(user)).isEqualTo(new GetState.Refused(SessionAccess.Refusal.UNAUTHENTICATED));
        assertThat(write(user, "1", OptionalLong.empty()))
                .isEqualTo(new UpdateState.Refused(SessionAccess.Refusal.UNAUTHENTICATED));
        assertThat(read(new Caller.Nobody())).isEqualTo(new GetState.Refused(SessionAccess.Refusal.UNAUTHENTICATED));
    }

    @Test
    void an_unknown_session_and_another_sessions_member_are_hidden() {
        var unknown = SessionCode.parse("ZZZZZZ").orElseThrow();

        assertThat(get.handle(new GetState.Command(bob, unknown)))
                .isEqualTo(new GetState.Refused(SessionAccess.Refusal.HIDDEN));
        assertThat(update.handle(new UpdateState.Command(bob, unknown, Optional.of("1"), OptionalLong.empty())))
                .isEqualTo(new UpdateState.Refused(SessionAccess.Refusal.HIDDEN));
    }

    @Test
    void an_ended_session_is_hidden() {
        useCases.terminateSession().handle(new TerminateSession.Command(new Caller.AsUser(ALICE), code));

        assertThat(read(bob)).isEqualTo(new GetState.Refused(SessionAccess.Refusal.HIDDEN));
        assertThat(write(bob, "1", OptionalLong.empty()))
                .isEqualTo(new UpdateState.Refused(SessionAccess.Refusal.HIDDEN));
    }

    @Test
    void missing_data_and_a_base_version_out_of_range_are_invalid() {
        var outcome = update.handle(new UpdateState.Command(bob, code, Optional.empty(), OptionalLong.of(-1)));

        assertThat(outcome)
                .isEqualTo(new UpdateState.Invalid(List.of(
                        new Violation("data", "is required"),
                        new Violation("baseVersion", "must be between 0 and " + SharedState.MAX_VERSION))));
        assertThat(read(bob)).isEqualTo(new GetState.Found(SharedState.NEVER_WRITTEN));
    }

    @Test
    void data_over_256_kib_is_too_large_and_nothing_is_written() {
        var json = "\"" + "x".repeat(StateData.MAX_BYTES - 1) + "\"";

        assertThat(write(bob, json, OptionalLong.empty())).isEqualTo(new UpdateState.TooLarge(StateData.MAX_BYTES));
        assertThat(read(bob)).isEqualTo(new GetState.Found(SharedState.NEVER_WRITTEN));
    }

    @Test
    void a_failing_publish_or_activity_record_does_not_undo_a_written_state() {
        EventBus brokenBus = new EventBus() {
            @Override
            public void publish(SessionEvent event) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public Subscription subscribe(SessionCode session, Consumer<SessionEvent> listener) {
                throw new UnsupportedOperationException();
            }
        };
        SessionCache brokenCache = new SessionCache() {
            @Override
            public void put(Session session) {}

            @Override
            public Optional<Session> get(SessionCode c) {
                return cache.get(c);
            }

            @Override
            public void evict(SessionCode c) {}

            @Override
            public void touch(SessionCode c, Instant at) {
                throw new IllegalStateException("redis down");
            }
        };
        var fragile = new UpdateState(
                new SessionAccess(new LiveSessions(sessions, cache, clock)), states, brokenCache, brokenBus, clock);

        var outcome = fragile.handle(new UpdateState.Command(bob, code, Optional.of("1"), OptionalLong.empty()));

        assertThat(written(outcome).version()).isEqualTo(1);
        assertThat(read(bob)).isEqualTo(new GetState.Found(written(outcome)));
    }
}
