package io.huddle.application.memory;

import io.huddle.application.contract.EventBusContract;
import io.huddle.domain.event.EventBus;

class InMemoryEventBusTest extends EventBusContract {
    @Override
    protected EventBus bus() {
        return new InMemoryEventBus();
    }
}
