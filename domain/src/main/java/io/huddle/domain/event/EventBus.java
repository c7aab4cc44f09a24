package io.huddle.domain.event;

import io.huddle.domain.session.SessionCode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Carries session events to every gateway instance (Redis pub/sub; in-process in embedded mode).
 * Delivery is at most once: listeners that need every message recover gaps themselves.
 */
public interface EventBus {
    void publish(SessionEvent event);

    /** Calls {@code listener} for each event of {@code session} until the returned handle is closed. */
    Subscription subscribe(SessionCode session, Consumer<SessionEvent> listener);

    /**
     * As {@link #subscribe}, handing on the events that arrived together (one published batch) in one
     * call, in order, so a listener can write them in one go. A bus that has no batches hands on one
     * event at a time.
     */
    default Subscription subscribeRounds(SessionCode session, Consumer<List<SessionEvent>> listener) {
        return subscribe(session, event -> listener.accept(List.of(event)));
    }

    /**
     * Runs {@code action} each time the bus may have lost events of its subscriptions and is
     * subscribed again (a Redis subscriber that reconnected), so listeners can catch up from the
     * stores. A bus that never loses events never runs it.
     */
    default void onResubscribed(Runnable action) {}

    /** An open subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
