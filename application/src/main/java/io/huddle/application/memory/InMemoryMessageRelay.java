package io.huddle.application.memory;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.message.MessageRelay;
import io.huddle.domain.message.RecentMessages;
import java.util.List;

/** The relay of one process: into its recent copy, and out on its event bus, a message at a time. */
public final class InMemoryMessageRelay implements MessageRelay {
    private final RecentMessages recent;
    private final EventBus events;

    public InMemoryMessageRelay(RecentMessages recent, EventBus events) {
        this.recent = recent;
        this.events = events;
    }

    @Override
    public void relay(List<Stored> stored) {
        for (var part : stored) {
            for (var message : part.messages()) {
                recent.append(part.session(), message);
                events.publish(new SessionEvent.MessagePosted(message.session(), message));
            }
        }
    }
}
