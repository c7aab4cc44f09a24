package io.huddle.application.memory;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.message.MessageRelay;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.SessionCache;
import java.util.List;

/**
 * The relay of one process: into its recent copy, out on its event bus, a message at a time, and the
 * session's hot copy's activity raised to its newest message, as the Redis relay does.
 */
public final class InMemoryMessageRelay implements MessageRelay {
    private final RecentMessages recent;
    private final EventBus events;
    private final SessionCache cache;

    public InMemoryMessageRelay(RecentMessages recent, EventBus events, SessionCache cache) {
        this.recent = recent;
        this.events = events;
        this.cache = cache;
    }

    @Override
    public void relay(List<Stored> stored) {
        for (var part : stored) {
            for (var message : part.messages()) {
                recent.append(part.session(), message);
                events.publish(new SessionEvent.MessagePosted(message.session(), message));
            }
            cache.touch(part.session().code(), part.messages().getLast().sentAt());
        }
    }
}
