package io.huddle.application.realtime;

import io.huddle.domain.event.SessionEvent;
import java.util.Objects;

/**
 * One session event as it reaches the sockets of this gateway: the event, for the decisions each
 * socket makes itself (its own message is an ack, its own state write and its own typing are not shown
 * back, its own departure closes it), and the frame every other socket is sent, shared.
 */
public record Delivery(SessionEvent event, Broadcast frame) {
    public Delivery {
        Objects.requireNonNull(event);
        Objects.requireNonNull(frame);
    }

    /** The delivery of {@code event}, with the frame it is shown as. */
    public static Delivery of(SessionEvent event) {
        return new Delivery(event, new Broadcast(shown(event)));
    }

    private static ServerEvent shown(SessionEvent event) {
        return switch (event) {
            case SessionEvent.MessagePosted e -> new ServerEvent.MessageNew(e.message());
            case SessionEvent.MemberJoined e -> new ServerEvent.Presence("joined", e.member(), false, e.headcount());
            case SessionEvent.MemberLeft e -> new ServerEvent.Presence("left", e.member(), false, e.headcount());
            case SessionEvent.MemberOnline e -> new ServerEvent.Presence("online", e.member(), true, e.headcount());
            case SessionEvent.MemberOffline e -> new ServerEvent.Presence("offline", e.member(), false, e.headcount());
            case SessionEvent.Typing e -> new ServerEvent.Typing(e.member().value(), e.active());
            case SessionEvent.StateUpdated e -> new ServerEvent.StateUpdated(e.state());
            case SessionEvent.SessionEnded e -> new ServerEvent.Terminated(e.reason());
        };
    }
}
