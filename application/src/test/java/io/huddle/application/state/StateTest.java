package io.huddle.application.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.auth.Authenticate;
import io.huddle.application.auth.Caller;
import io.huddle.application.contract.TestClock;
import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.application.memory.InMemorySessionCache;
import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.application.memory.InMemoryStateStore;
import io.huddle.application.session.Access;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.EndSession;
import io.huddle.application.session.JoinSession;
import io.huddle.application.session.LiveSessions;
import io.huddle.application.session.SessionViews;
import io.huddle.application.session.TerminateSession;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import io.huddle.domain.text.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link GetState} and {@link UpdateState} over the in-memory stores, in a session of Alice's. */
class StateTest {
    private static final OwnerId ALICE = new OwnerId("alice");

    private final TestClock clock = TestClock.at(Instant.parse("2030-05-01T10:00:00.000Z"));
    private final SplittableRandom random = new SplittableRandom(7);
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemorySessionCache cache = new InMemorySessionCache(clock);
    private final InMemoryMemberStore members = new InMemoryMemberStore(clock);
    private final InMemoryPresenceStore presence = new InMemoryPresenceStore(clock);
    private final InMemoryEventBus events = new InMemoryEventBus();
    private final InMemoryStateStore states = new InMemoryStateStore(clock);
    private final LiveSessions live = new LiveSessions(sessions, cache, clock);
    private final Authenticate authenticate = new Authenticate(members, token -> Optional.empty());
    private final GetState get = new GetState(live, states);
    private final UpdateState update = new UpdateState(live, states, cache, events, clock);

    private final SessionCode code;
    private final Caller owner;
    private final Caller bob;
    private final Caller wall;

    StateTest() {
        var created = (CreateSession.Created) new CreateSession(
                        sessions, cache, members, clock, random, new CreateSession.Settings(Duration.ofHours(24), 6))
                .handle(new CreateSession.Command(
                        ALICE, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty()));
        code = created.session().session().code();
        owner = holderOf(created.token().reveal());
        bob = joined("Bob", "member");
        wall = joined("Wall", "display");
    }

    private Caller joined(String name, String role) {
        var join = new JoinSession(live, members, new SessionViews(members, presence, clock), events, clock, random);
        var joined =
                (JoinSession.Joined) join.handle(new JoinSession.Command(code, Optional.of(name), Optional.of(role)));
        return holderOf(joined.token().reveal());
    }

    private Caller holderOf(String token) {
        return authenticate.handle(Optional.of(token)).orElseThrow();
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
        assertThat(write(wall, "1", OptionalLong.empty())).isEqualTo(new UpdateState.Refused(new Access.Forbidden()));
        assertThat(read(wall)).isEqualTo(new GetState.Found(SharedState.NEVER_WRITTEN));
    }

    @Test
    void user_tokens_and_nobody_are_unauthenticated_for_state() {
        var user = new Caller.AsUser(ALICE);

        assertThat(read(user)).isEqualTo(new GetState.Refused(new Access.Unauthenticated()));
        assertThat(write(user, "1", OptionalLong.empty()))
                .isEqualTo(new UpdateState.Refused(new Access.Unauthenticated()));
        assertThat(read(new Caller.Nobody())).isEqualTo(new GetState.Refused(new Access.Unauthenticated()));
    }

    @Test
    void an_unknown_session_and_another_sessions_member_are_hidden() {
        var unknown = SessionCode.parse("ZZZZZZ").orElseThrow();

        assertThat(get.handle(new GetState.Command(bob, unknown))).isEqualTo(new GetState.Refused(new Access.Hidden()));
        assertThat(update.handle(new UpdateState.Command(bob, unknown, Optional.of("1"), OptionalLong.empty())))
                .isEqualTo(new UpdateState.Refused(new Access.Hidden()));
    }

    @Test
    void an_ended_session_is_hidden() {
        var end = new EndSession(sessions, cache, members, presence, events, clock);
        new TerminateSession(live, end).handle(new TerminateSession.Command(new Caller.AsUser(ALICE), code));

        assertThat(read(bob)).isEqualTo(new GetState.Refused(new Access.Hidden()));
        assertThat(write(bob, "1", OptionalLong.empty())).isEqualTo(new UpdateState.Refused(new Access.Hidden()));
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
        var fragile = new UpdateState(live, states, brokenCache, brokenBus, clock);

        var outcome = fragile.handle(new UpdateState.Command(bob, code, Optional.of("1"), OptionalLong.empty()));

        assertThat(written(outcome).version()).isEqualTo(1);
        assertThat(read(bob)).isEqualTo(new GetState.Found(written(outcome)));
    }
}
