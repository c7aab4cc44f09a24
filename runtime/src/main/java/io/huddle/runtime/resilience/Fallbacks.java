package io.huddle.runtime.resilience;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which dependencies this process is serving around, and for how long: a component that switches to its
 * fallback (rate limits counted locally while Redis is down, …) says so here, by dependency and by its own
 * name, and says when it is back. A dependency is in fallback while any of its components is. On
 * {@code /metrics}: {@code huddle_fallback_active{dependency}} (0 or 1) and
 * {@code huddle_fallback_seconds_total{dependency}} (time spent in fallback since start), for every
 * dependency named at creation, so dashboards and alerts see 0 rather than nothing.
 */
public final class Fallbacks {
    /** The dependencies with a fallback today; more register themselves on first use. */
    public static final List<String> DEPENDENCIES = List.of("redis", "postgres");

    private final MeterRegistry registry;
    private final LongSupplier nanoTime;
    private final Map<String, Dependency> dependencies = new ConcurrentHashMap<>();

    public Fallbacks(MeterRegistry registry) {
        this(registry, System::nanoTime);
    }

    Fallbacks(MeterRegistry registry, LongSupplier nanoTime) {
        this.registry = registry;
        this.nanoTime = nanoTime;
        DEPENDENCIES.forEach(this::of);
    }

    /** {@code component} serves without {@code dependency} from now on (idempotent). */
    public void enter(String dependency, String component) {
        of(dependency).enter(component);
    }

    /** {@code component} uses {@code dependency} again (idempotent). */
    public void leave(String dependency, String component) {
        of(dependency).leave(component);
    }

    /** Whether any component of {@code dependency} is in its fallback. */
    public boolean active(String dependency) {
        return of(dependency).active();
    }

    private Dependency of(String dependency) {
        return dependencies.computeIfAbsent(dependency, name -> new Dependency(name, registry, nanoTime));
    }

    private static final class Dependency {
        private final LongSupplier nanoTime;
        // Guarded by this.
        private final Set<String> components = new HashSet<>();
        private long since;
        private long accumulated;

        Dependency(String name, MeterRegistry registry, LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            Gauge.builder("huddle.fallback.active", this, d -> d.active() ? 1 : 0)
                    .strongReference(true)
                    .tag("dependency", name)
                    .description("1 while this instance serves around the dependency with a fallback")
                    .register(registry);
            FunctionCounter.builder("huddle.fallback", this, Dependency::seconds)
                    .tag("dependency", name)
                    .baseUnit("seconds")
                    .description("Time spent in fallback for the dependency since start")
                    .register(registry);
        }

        synchronized void enter(String component) {
            if (components.isEmpty()) since = nanoTime.getAsLong();
            components.add(component);
        }

        synchronized void leave(String component) {
            if (!components.remove(component) || !components.isEmpty()) return;
            accumulated += nanoTime.getAsLong() - since;
        }

        synchronized boolean active() {
            return !components.isEmpty();
        }

        synchronized double seconds() {
            long total = accumulated + (components.isEmpty() ? 0 : nanoTime.getAsLong() - since);
            return total / 1e9;
        }
    }
}
