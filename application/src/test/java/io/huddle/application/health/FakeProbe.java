package io.huddle.application.health;

import io.huddle.domain.health.HealthProbe;
import io.huddle.domain.health.ProbeResult;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A probe whose answer a test sets, and which counts how often it was asked. */
public final class FakeProbe implements HealthProbe {
    private final String name;
    public final AtomicReference<ProbeResult> result;
    public final AtomicInteger calls = new AtomicInteger();

    public FakeProbe(String name, ProbeResult result) {
        this.name = name;
        this.result = new AtomicReference<>(result);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProbeResult check() {
        calls.incrementAndGet();
        return result.get();
    }
}
