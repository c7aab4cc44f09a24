package io.huddle.adapters.web.ws;

import io.huddle.adapters.web.limit.RequestLimits;
import io.huddle.domain.limit.Verdict;
import io.huddle.domain.member.TokenHash;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/**
 * The rate limits' seam on {@code /ws} (PROTOCOL.md section 7): asked once before each upgrade (the
 * {@code connect} tier; a refusal is {@code 429} before any socket opens), and for each frame of an
 * admitted socket (the {@code burst} tier for every frame, {@code message} and {@code message-ip} for
 * {@code message:send}; a refusal is an {@code error} frame and the socket stays open).
 * {@link #OPEN} limits nothing.
 */
@FunctionalInterface
public interface FrameGate {
    FrameGate OPEN = upgrade -> new Admitted((member, frameType) -> Optional.empty());

    /** Before the upgrade; the answer keeps what it needs of the request (the client's address). */
    Admission admit(Context upgrade);

    /**
     * The limits of PROTOCOL.md section 7: {@code connect} by the client's address before the upgrade
     * (a refusal is the {@code 429} problem, thrown from here), then {@code burst} for every frame of the
     * member, and {@code message} and {@code message-ip} for {@code message:send}, keyed like the
     * member's HTTP requests so both paths share one count.
     */
    static FrameGate limitedBy(RequestLimits limits) {
        return upgrade -> {
            limits.guardUpgrade(upgrade);
            var clientIp = limits.clientIp(upgrade);
            return new Admitted(
                    (member, frameType) -> limits.checkFrame(member, clientIp, frameType.equals("message:send"))
                            .filter(verdict -> !verdict.allowed())
                            .map(Verdict::retryAfter));
        };
    }

    sealed interface Admission {}

    /** Answered {@code 429 rate_limited} with {@code Retry-After} and the refusing {@code tier}. */
    record Refused(String tier, Duration retryAfter) implements Admission {}

    record Admitted(Frames frames) implements Admission {}

    /** One socket's frames; {@code member} is the hash of the socket's member token. */
    @FunctionalInterface
    interface Frames {
        /** Empty lets the frame through; a duration refuses it, retry after that long. */
        Optional<Duration> check(TokenHash member, String frameType);
    }
}
