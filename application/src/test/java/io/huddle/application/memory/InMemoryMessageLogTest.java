package io.huddle.application.memory;

import io.huddle.application.contract.MessageLogContract;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.session.SessionStore;

class InMemoryMessageLogTest extends MessageLogContract {
    @Override
    protected SessionStore sessions() {
        return new InMemorySessionStore();
    }

    @Override
    protected MessageLog log(SessionStore sessions) {
        return new InMemoryMessageLog(sessions);
    }
}
