package io.huddle.application.memory;

import io.huddle.domain.presence.InstanceRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Instance beats in a map, judged by the clock. Embedded mode has one instance, so this is mostly its own. */
public final class InMemoryInstanceRegistry implements InstanceRegistry {
    private final InstantSource clock;
    private final Map<String, Instant> aliveUntil = new ConcurrentHashMap<>();

    public InMemoryInstanceRegistry(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public void heartbeat(String instanceId, Duration ttl) {
        var now = clock.instant();
        aliveUntil.put(instanceId, now.plus(ttl));
        // Forget the dead, so the map holds only instances that beat within their time-to-live.
        aliveUntil.values().removeIf(until -> !now.isBefore(until));
    }

    @Override
    public boolean isAlive(String instanceId) {
        var until = aliveUntil.get(instanceId);
        return until != null && clock.instant().isBefore(until);
    }

    @Override
    public Set<String> live() {
        var now = clock.instant();
        return aliveUntil.entrySet().stream()
                .filter(e -> now.isBefore(e.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}
