package io.huddle.adapters.postgres;

import static io.huddle.adapters.postgres.PostgresMemberStore.instant;
import static io.huddle.adapters.postgres.PostgresMemberStore.time;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import io.huddle.domain.state.StateStore;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * Each session's shared state as one versioned row of {@code states} (schema in
 * {@code V5__members_and_states.sql}, statements in {@code states/*.sql}): the system of record. A write is
 * one statement, a compare-and-set on {@code version} when it has a base version, and the caller is
 * answered after it committed. A session past {@code expiresAt} by the application's clock reads as never
 * written, as in the other stores.
 */
final class PostgresStateStore implements StateStore {
    private static final String GET = SqlFiles.load("states/get.sql");
    private static final String WRITE_ANY = SqlFiles.load("states/write-any.sql");
    private static final String WRITE_FIRST = SqlFiles.load("states/write-first.sql");
    private static final String WRITE_ON = SqlFiles.load("states/write-on.sql");
    private static final String CLEAR = SqlFiles.load("states/clear.sql");

    private final PostgresCalls calls;
    private final InstantSource clock;

    PostgresStateStore(PostgresCalls calls, InstantSource clock) {
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    public SharedState get(SessionCode session) {
        return calls.withHandle(h -> read(h, session));
    }

    private SharedState read(Handle h, SessionCode session) {
        return h.createQuery(GET)
                .bind("code", session.value())
                .bind("now", time(clock.instant()))
                .map((rs, ctx) -> SharedState.written(
                        rs.getLong("version"),
                        new StateData(rs.getString("data")),
                        instant(rs, "updated_at"),
                        new MemberId(rs.getString("updated_by"))))
                .findOne()
                .orElse(SharedState.NEVER_WRITTEN);
    }

    @Override
    public Written write(Session session, StateData data, OptionalLong baseVersion, MemberId by, Instant at) {
        var code = session.code();
        return calls.withHandle(h -> {
            // No base: always the next version. Base 0: only the first. Base N: compare-and-set on N.
            boolean onBase = baseVersion.isPresent() && baseVersion.getAsLong() > 0;
            String sql = baseVersion.isEmpty() ? WRITE_ANY : onBase ? WRITE_ON : WRITE_FIRST;
            var statement = h.createQuery(sql)
                    .bind("code", code.value())
                    .bind("data", data.json())
                    .bind("updatedAt", time(at))
                    .bind("updatedBy", by.value());
            if (onBase) statement.bind("base", baseVersion.getAsLong());
            Optional<Long> version = statement.mapTo(Long.class).findOne();
            if (version.isPresent()) {
                return new Written.Updated(
                        SharedState.written(version.get(), data, at.truncatedTo(ChronoUnit.MILLIS), by));
            }
            if (baseVersion.isEmpty()) throw new IllegalStateException("no stored session " + code);
            return new Written.Conflict(read(h, code).version());
        });
    }

    @Override
    public void clear(SessionCode session) {
        calls.useHandle(h -> h.createUpdate(CLEAR).bind("code", session.value()).execute());
    }
}
