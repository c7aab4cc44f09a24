package io.huddle.application.memory;

import io.huddle.application.contract.InstanceRegistryContract;
import io.huddle.domain.presence.InstanceRegistry;
import java.time.Duration;
import java.time.InstantSource;

class InMemoryInstanceRegistryTest extends InstanceRegistryContract {
    @Override
    protected InstanceRegistry registry(InstantSource clock) {
        return new InMemoryInstanceRegistry(clock);
    }

    @Override
    protected void passTime(Duration duration) {
        clock.advance(duration);
    }
}
