package io.huddle.domain.session;

import java.time.Instant;
import java.util.Objects;

/** When and why a session ended. */
public record Ending(Instant at, EndReason reason) {
    public Ending {
        Objects.requireNonNull(at);
        Objects.requireNonNull(reason);
    }
}
