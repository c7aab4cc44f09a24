package io.huddle.application.realtime;

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

    /** A frame was refused by a rate limit of {@code tier}. */
    default void limited(String tier) {}

    /** From a send frame's arrival to its ack (or error) being written. */
    default void sendAnswered(Duration latency) {}

    /** A round of {@code events} was handed to {@code streams} sockets. */
    default void delivered(int events, int streams) {}

    /** A message arrived ahead of a missing one and was held. */
    default void heldBack() {}

    /** A gap was filled from the history with {@code messages} messages. */
    default void gapFilled(int messages) {}

    /** A socket that could not keep up was closed. */
    default void slowConsumer() {}
}
