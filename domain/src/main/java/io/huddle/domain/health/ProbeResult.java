package io.huddle.domain.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one probe found: its status, how long the check took, and a short reason when it is down. */
public record ProbeResult(ProbeStatus status, Optional<Duration> latency, Optional<String> reason) {
    public ProbeResult {
        Objects.requireNonNull(status);
        Objects.requireNonNull(latency);
        Objects.requireNonNull(reason);
    }

    public static ProbeResult up(Duration latency) {
        return new ProbeResult(ProbeStatus.UP, Optional.of(latency), Optional.empty());
    }

    /** {@code reason} reaches the health response: say what failed, never a host, password or stack trace. */
    public static ProbeResult down(Duration latency, String reason) {
        return new ProbeResult(ProbeStatus.DOWN, Optional.of(latency), Optional.of(reason));
    }

    public static ProbeResult disabled() {
        return new ProbeResult(ProbeStatus.DISABLED, Optional.empty(), Optional.empty());
    }
}
