package io.huddle.application.memory;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.SessionCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Delivers each event synchronously, on the publisher's thread, to the subscribers of its session
 * in the order they subscribed. A listener that throws is logged and skipped; the others still
 * receive the event.
 */
public final class InMemoryEventBus implements EventBus {
    private static final System.Logger LOG = System.getLogger(InMemoryEventBus.class.getName());

    private final Map<SessionCode, List<Listener>> listeners = new ConcurrentHashMap<>();

    @Override
    public void publish(SessionEvent event) {
        for (var listener : listeners.getOrDefault(event.session(), List.of())) listener.deliver(event);
    }

    @Override
    public Subscription subscribe(SessionCode session, Consumer<SessionEvent> listener) {
        var subscription = new Listener(session, listener);
        listeners.compute(session, (code, current) -> {
            var updated = current == null ? new CopyOnWriteArrayList<Listener>() : current;
            updated.add(subscription);
            return updated;
        });
        return subscription;
    }

    /** One subscription; its own object, so the same listener subscribed twice is two subscriptions. */
    private final class Listener implements Subscription {
        private final SessionCode session;
        private final Consumer<SessionEvent> consumer;
        private volatile boolean open = true;

        Listener(SessionCode session, Consumer<SessionEvent> consumer) {
            this.session = session;
            this.consumer = consumer;
        }

        void deliver(SessionEvent event) {
            // A publish that took its snapshot before close() must not reach a closed listener.
            if (!open) return;
            try {
                consumer.accept(event);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> "event listener failed on " + event.getClass().getSimpleName() + " of session " + session,
                        e);
            }
        }

        @Override
        public void close() {
            open = false;
            listeners.computeIfPresent(session, (code, current) -> {
                current.remove(this);
                return current.isEmpty() ? null : current;
            });
        }
    }
}
