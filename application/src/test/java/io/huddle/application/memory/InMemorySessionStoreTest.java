package io.huddle.application.memory;

import io.huddle.application.port.SessionStore;
import io.huddle.application.port.SessionStoreContract;

class InMemorySessionStoreTest extends SessionStoreContract {
    @Override
    protected SessionStore store() {
        return new InMemorySessionStore();
    }
}
