package io.huddle.application.realtime;

import io.huddle.application.message.MessageHistory;
import io.huddle.domain.message.Message;
import java.time.Duration;

/**
 * What the real-time path counts, for the process's metrics (the runtime implements it with Micrometer).
 * Every method is cheap and never throws; {@link #NONE} counts nothing.
 */
public interface RealtimeMeters {
    RealtimeMeters NONE = new RealtimeMeters() {};

    /** A socket was welcomed. */
    default void opened() {}

    /** A welcomed socket closed with {@code code}. */
    default void closed(int code) {}

    /** A frame of {@code type} arrived. */
    default void frameIn(String type) {}

    /** {@code event} was written to one socket as {@code bytes} bytes (per socket: a broadcast counts once each). */
    default void frameOut(ServerEvent event, int bytes) {}

    /** A frame was refused by a rate limit of {@code tier}. */
    default void limited(String tier) {}

    /** From a send frame's arrival to its answer (ack or error), counted just before the answer is written. */
    default void sendAnswered(Duration latency) {}

    /** A round of {@code events} was handed to {@code streams} sockets. */
    default void delivered(int events, int streams) {}

    /** How a message reached a session's feed on this gateway. */
    enum FeedPath {
        /** This gateway's own writer stored it. */
        LOCAL,
        /** Another gateway stored it; it came over the event bus. */
        BUS,
        /** It was read from the history to fill a gap. */
        HISTORY
    }

    /**
     * {@code message} was handed to this gateway's sockets of its session, having come by {@code path}: from
     * its {@code sentAt} (stored) to now is the fan-out lag.
     */
    default void fannedOut(Message message, FeedPath path) {}

    /** A message arrived ahead of a missing one and was held. */
    default void heldBack() {}

    /** A gap was filled with {@code messages} messages read from {@code source}. */
    default void gapFilled(int messages, MessageHistory.Source source) {}

    /** A socket that could not keep up was closed. */
    default void slowConsumer() {}
}
