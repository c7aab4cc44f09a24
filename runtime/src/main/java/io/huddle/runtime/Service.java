package io.huddle.runtime;

import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.WebServer;
import io.huddle.adapters.web.WebSettings;
import io.huddle.application.health.CheckHealth;
import io.huddle.runtime.settings.CommonSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Huddle process (gateway or worker): its meters, its stores, and its HTTP edge with the
 * operations endpoints plus whatever feature routes the app builds on the stores.
 */
public final class Service implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Service.class);
    private final Infrastructure infrastructure;
    private final PrometheusMeterRegistry meters;
    private final WebServer web;
    // Background tasks (maintenance jobs, heartbeat): stopped by drain, before the stores close.
    private final List<AutoCloseable> background = new CopyOnWriteArrayList<>();

    private Service(Infrastructure infrastructure, PrometheusMeterRegistry meters, WebServer web) {
        this.infrastructure = infrastructure;
        this.meters = meters;
        this.web = web;
    }

    /** What a process is called and which browser origins its API answers. */
    public record Identity(String application, List<String> allowedOrigins) {}

    /** Connects (never waiting for a store), builds the feature routes on the stores, and starts listening. */
    public static Service start(
            CommonSettings settings,
            Identity identity,
            InstantSource clock,
            Function<Infrastructure, List<HttpRoutes>> features) {
        var meters = Metrics.create(identity.application());
        var infrastructure = Infrastructure.start(settings, meters, clock);
        try {
            var web = WebServer.create(
                    webSettings(settings, identity),
                    new CheckHealth(infrastructure.probes()),
                    meters,
                    features.apply(infrastructure));
            web.start();
            return new Service(infrastructure, meters, web);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
    }

    private static WebSettings webSettings(CommonSettings settings, Identity identity) {
        var web = WebSettings.of(settings.port(), version(), settings.instanceId())
                .withAllowedOrigins(identity.allowedOrigins());
        return settings.managementPort().map(web::withManagementPort).orElse(web);
    }

    /** The build's version from the jar manifest; {@code dev} when run from classes. */
    static String version() {
        String version = Service.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public int port() {
        return web.port();
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Stops {@code task} when this service drains: after the web server, before the stores close. */
    public void stopOnDrain(AutoCloseable task) {
        background.add(task);
    }

    /**
     * Readiness turns unavailable, in-flight requests finish within {@code grace}, background tasks
     * stop, then the stores close.
     */
    public void drain(Duration grace) {
        web.drain(grace);
        for (var task : background) {
            try {
                task.close();
            } catch (Exception e) {
                log.atWarn().setCause(e).log("a background task failed to stop");
            }
        }
        infrastructure.close();
    }

    @Override
    public void close() {
        drain(Duration.ZERO);
    }
}
