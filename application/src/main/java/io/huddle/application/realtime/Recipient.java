package io.huddle.application.realtime;

import io.huddle.domain.member.MemberId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a session's feed hands its rounds on this gateway: one socket's stream. {@link #deliver} must
 * not block (it runs on the thread that delivers to every socket of the session); a recipient that
 * throws is skipped.
 */
interface Recipient {

    /** The member the socket belongs to. */
    MemberId member();

    /**
     * The session's next events, in order: messages strictly by seq, each at most once, with no gap
     * other than seqs the log no longer holds (cleared history); other events in arrival order.
     */
    void deliver(List<Delivery> round);

    /** A tick of the heartbeat clock. */
    void tick(Instant now);

    /** The socket's last activity, when it had any since the last call. */
    Optional<Instant> takeActivity();

    /** The member's token no longer works: close. */
    void revoked();
}
