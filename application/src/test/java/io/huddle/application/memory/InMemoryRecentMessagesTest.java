package io.huddle.application.memory;

import io.huddle.application.contract.RecentMessagesContract;
import io.huddle.domain.message.RecentMessages;
import java.time.InstantSource;

class InMemoryRecentMessagesTest extends RecentMessagesContract {
    @Override
    protected RecentMessages recent(int capacity, InstantSource clock) {
        return new InMemoryRecentMessages(capacity, clock);
    }
}
