package io.huddle.runtime;

import io.huddle.application.health.CheckHealth;
import io.huddle.runtime.settings.CommonSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Huddle process (gateway or worker): its meters, its stores, its network edge (which the app
 * builds: the gateway's web server, the worker's operations server) and its background tasks, stopped in
 * that order.
 */
public final class Service implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Service.class);
    private final Infrastructure infrastructure;
    private final PrometheusMeterRegistry meters;
    private final Edge edge;
    // Background tasks (maintenance jobs, heartbeat, schedulers): stopped by drain, before the stores close.
    private final List<AutoCloseable> background;

    private Service(
            Infrastructure infrastructure, PrometheusMeterRegistry meters, Edge edge, List<AutoCloseable> background) {
        this.infrastructure = infrastructure;
        this.meters = meters;
        this.edge = edge;
        this.background = background;
    }

    /** What listens: started by {@link EdgeFactory}, drained first when the process stops. */
    public interface Edge {
        int port();

        /** Stops taking work, lets what is in flight finish within {@code grace}, and stops. */
        void drain(Duration grace);
    }

    /** What a process is while it starts: its stores, meters and health, and where its background tasks go. */
    public record Starting(
            Infrastructure infrastructure,
            PrometheusMeterRegistry meters,
            CheckHealth health,
            List<AutoCloseable> background) {
        /** Stops {@code task} when the process drains: after the edge, before the stores close. */
        public <T extends AutoCloseable> T stopOnDrain(T task) {
            background.add(task);
            return task;
        }
    }

    /** Builds and starts the process's edge on its stores; returns once it listens. */
    @FunctionalInterface
    public interface EdgeFactory {
        Edge start(Starting starting);
    }

    /** Connects (never waiting for a store), then lets {@code edge} build and start what listens. */
    public static Service start(CommonSettings settings, String application, InstantSource clock, EdgeFactory edge) {
        var meters = Metrics.create(application);
        var infrastructure = Infrastructure.start(settings, meters, clock);
        List<AutoCloseable> background = new CopyOnWriteArrayList<>();
        try {
            var starting = new Starting(infrastructure, meters, new CheckHealth(infrastructure.probes()), background);
            return new Service(infrastructure, meters, edge.start(starting), background);
        } catch (RuntimeException e) {
            stopAll(background);
            infrastructure.close();
            throw e;
        }
    }

    /** The build's version from the jar manifest; {@code dev} when run from classes. */
    public static String version() {
        String version = Service.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public int port() {
        return edge.port();
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /**
     * Readiness turns unavailable, in-flight work finishes within {@code grace}, background tasks stop,
     * then the stores close.
     */
    public void drain(Duration grace) {
        edge.drain(grace);
        stopAll(background);
        infrastructure.close();
    }

    @Override
    public void close() {
        drain(Duration.ZERO);
    }

    private static void stopAll(List<AutoCloseable> tasks) {
        for (var task : tasks) {
            try {
                task.close();
            } catch (Exception e) {
                log.atWarn().setCause(e).log("a background task failed to stop");
            }
        }
    }
}
