package io.huddle.application.memory;

import io.huddle.application.contract.SessionStoreContract;
import io.huddle.domain.session.SessionStore;

class InMemorySessionStoreTest extends SessionStoreContract {
    @Override
    protected SessionStore store() {
        return new InMemorySessionStore();
    }
}
