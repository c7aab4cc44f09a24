package io.huddle.domain.state;

import io.huddle.domain.member.MemberId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A session's shared state at one version. Version 0 is the state nobody wrote yet, without data,
 * time or writer; every write raises the version by one and records its data, time and writer.
 */
public record SharedState(
        long version, Optional<StateData> data, Optional<Instant> updatedAt, Optional<MemberId> updatedBy) {
    /** Versions a JavaScript client can hold exactly (2^53 - 1), as for seqs. */
    public static final long MAX_VERSION = 9_007_199_254_740_991L;

    public static final SharedState NEVER_WRITTEN =
            new SharedState(0, Optional.empty(), Optional.empty(), Optional.empty());

    public SharedState {
        Objects.requireNonNull(data);
        Objects.requireNonNull(updatedAt);
        Objects.requireNonNull(updatedBy);
        if (version < 0 || version > MAX_VERSION) throw new IllegalArgumentException("state version " + version);
        boolean written = version > 0;
        if (data.isPresent() != written || updatedAt.isPresent() != written || updatedBy.isPresent() != written) {
            throw new IllegalArgumentException("a written state has data, time and writer; version 0 has none");
        }
    }

    /** The state after a write: {@code version} (at least 1) holding {@code data}, written by {@code by} at {@code at}. */
    public static SharedState written(long version, StateData data, Instant at, MemberId by) {
        return new SharedState(version, Optional.of(data), Optional.of(at), Optional.of(by));
    }

    public boolean isWritten() {
        return version > 0;
    }
}
