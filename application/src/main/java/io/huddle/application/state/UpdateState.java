package io.huddle.application.state;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import io.huddle.domain.state.StateStore;
import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A member (not a display) writes the session's shared state, optionally only on top of
 * {@code baseVersion} (compare-and-set in the store). Once written, the write is recorded as session
 * activity and published as {@link SessionEvent.StateUpdated}; a failure of either is logged and does
 * not turn the written state into an error, as the store already holds it.
 */
public final class UpdateState {
    private static final System.Logger LOG = System.getLogger(UpdateState.class.getName());

    private final SessionAccess access;
    private final StateStore states;
    private final SessionCache cache;
    private final EventBus events;
    private final InstantSource clock;

    public UpdateState(
            SessionAccess access, StateStore states, SessionCache cache, EventBus events, InstantSource clock) {
        this.access = access;
        this.states = states;
        this.cache = cache;
        this.events = events;
        this.clock = clock;
    }

    /**
     * {@code data} is the serialized JSON value, {@code "null"} for a JSON {@code null}; empty when the
     * field was not given at all. {@code baseVersion} empty: write whatever the current version is.
     */
    public record Command(Caller caller, SessionCode code, Optional<String> data, OptionalLong baseVersion)
            implements SessionAccess.Request {}

    public sealed interface Outcome {}

    /** Written; {@code state} is the new version. */
    public record Updated(SharedState state) implements Outcome {}

    /** {@code baseVersion} was stale: nothing written. */
    public record Conflict(long currentVersion) implements Outcome {}

    public record Invalid(List<Violation> violations) implements Outcome {}

    /** The data is over {@code maxBytes} serialized: nothing written. */
    public record TooLarge(int maxBytes) implements Outcome {}

    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    public Outcome handle(Command command) {
        return access.authorize(command, Permission.WRITE_STATE, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        var violations = new Violations();
        if (command.data().isEmpty()) violations.add("data", "is required");
        else if (command.data().get().isBlank()) violations.add("data", "must be a JSON value");
        command.baseVersion().ifPresent(v -> violations.range("baseVersion", v, 0, SharedState.MAX_VERSION));
        if (!violations.isEmpty()) return new Invalid(violations.list());
        if (!StateData.fits(command.data().get())) return new TooLarge(StateData.MAX_BYTES);
        var writer = authorized.member().member().id();
        var now = clock.instant();
        var written = states.write(
                authorized.session(), new StateData(command.data().get()), command.baseVersion(), writer, now);
        return switch (written) {
            case StateStore.Written.Conflict conflict -> new Conflict(conflict.currentVersion());
            case StateStore.Written.Updated updated -> {
                var state = updated.state();
                afterWriting("record activity", command.code(), state, () -> cache.touch(command.code(), now));
                afterWriting(
                        "publish",
                        command.code(),
                        state,
                        () -> events.publish(new SessionEvent.StateUpdated(command.code(), state)));
                yield new Updated(state);
            }
        };
    }

    private static void afterWriting(String step, SessionCode code, SharedState state, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "state version " + state.version() + " of session " + code + " is written, but " + step
                            + " failed: " + e.getClass().getSimpleName(),
                    e);
        }
    }
}
