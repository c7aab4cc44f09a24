package io.huddle.application.memory;

import io.huddle.application.port.RecentMessages;
import io.huddle.application.port.RecentMessagesContract;
import java.time.InstantSource;

class InMemoryRecentMessagesTest extends RecentMessagesContract {
    @Override
    protected RecentMessages recent(int capacity, InstantSource clock) {
        return new InMemoryRecentMessages(capacity, clock);
    }
}
