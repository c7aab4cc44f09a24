package io.huddle.application.memory;

import io.huddle.application.port.MessageLog;
import io.huddle.application.port.MessageLogContract;
import io.huddle.application.port.SessionStore;

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
