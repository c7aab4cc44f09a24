package io.huddle.worker;

import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.SessionCode;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/** An event bus that also keeps every event published through it, from any thread, in order. */
final class RecordingEventBus implements EventBus {
    private final EventBus delivery = new InMemoryEventBus();
    private final Queue<SessionEvent> published = new ConcurrentLinkedQueue<>();

    @Override
    public void publish(SessionEvent event) {
        published.add(event);
        delivery.publish(event);
    }

    @Override
    public Subscription subscribe(SessionCode session, Consumer<SessionEvent> listener) {
        return delivery.subscribe(session, listener);
    }

    /** Every event of {@code type} published so far. */
    <E extends SessionEvent> List<E> published(Class<E> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
