package io.huddle.application.memory;

import io.huddle.application.port.EventBus;
import io.huddle.application.port.EventBusContract;

class InMemoryEventBusTest extends EventBusContract {
    @Override
    protected EventBus bus() {
        return new InMemoryEventBus();
    }
}
