package io.huddle.runtime.store;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.session.SessionCode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Session events on Redis pub/sub, and on this process's own bus while Redis cannot take them: every
 * listener is subscribed on both, and an event Redis refused is delivered to this gateway's own sockets
 * (presence, typing, state, endings: PROTOCOL.md section 8, fan-out among its own sockets). Messages do
 * not travel here: the writer hands them to this gateway's feeds, and the other gateways read them from
 * PostgreSQL (the Redis watch makes every feed catch up while Redis is away).
 */
public final class FallbackEventBus implements EventBus {
    private final EventBus shared;
    private final EventBus local;

    public FallbackEventBus(EventBus shared, EventBus local) {
        this.shared = shared;
        this.local = local;
    }

    @Override
    public void publish(SessionEvent event) {
        try {
            shared.publish(event);
        } catch (RuntimeException e) {
            local.publish(event);
        }
    }

    @Override
    public Subscription subscribe(SessionCode session, Consumer<SessionEvent> listener) {
        return both(shared.subscribe(session, listener), local.subscribe(session, listener));
    }

    @Override
    public Subscription subscribeRounds(SessionCode session, Consumer<List<SessionEvent>> listener) {
        return both(shared.subscribeRounds(session, listener), local.subscribeRounds(session, listener));
    }

    @Override
    public void onResubscribed(Runnable action) {
        shared.onResubscribed(action);
    }

    private static Subscription both(Subscription one, Subscription other) {
        return () -> {
            one.close();
            other.close();
        };
    }
}
