package io.huddle.adapters.web;

import io.huddle.adapters.web.ws.WsSettings;
import io.huddle.application.Ports;
import io.huddle.application.UseCases;
import io.huddle.application.concurrency.ThreadScheduler;
import io.huddle.application.health.CheckHealth;
import io.huddle.application.realtime.RealtimeMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@link WebServer} on a free port serving the gateway's routes on the production wiring
 * ({@link UseCases#wire}, {@link ApiRoutes#of}) over the ports a test fixture made: the fixtures differ
 * only in their stores and settings, never in how the use cases and routes are put together.
 */
public final class Served implements AutoCloseable {
    public static final String INSTANCE = "test-instance";

    public final UseCases useCases;
    public final ApiRoutes routes;
    public final WebServer server;
    private final ThreadScheduler scheduler = new ThreadScheduler();

    private Served(
            Ports ports,
            UseCases.Settings settings,
            InstantSource clock,
            boolean openCreation,
            List<String> allowedOrigins,
            Duration heartbeat,
            List<String> trustedProxies,
            List<HttpRoutes> more) {
        this.useCases =
                UseCases.wire(ports, settings.withRealtime(heartbeat, tickOf(heartbeat), INSTANCE), clock, scheduler);
        this.routes = ApiRoutes.of(
                useCases,
                ports.userTokens(),
                ports.serverKeys(),
                RealtimeMeters.NONE,
                clock,
                new ApiRoutes.Settings(openCreation, trustedProxies, new WsSettings(allowedOrigins, heartbeat)));
        List<HttpRoutes> all = new ArrayList<>(routes.all());
        all.addAll(more);
        this.server = WebServer.create(
                        WebSettings.of(0, "test", INSTANCE),
                        new CheckHealth(List.of()),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        all)
                .start();
    }

    /** The heartbeat clock ticks a few times a heartbeat, so a short test heartbeat is kept closely. */
    private static Duration tickOf(Duration heartbeat) {
        var tick = heartbeat.dividedBy(5);
        if (tick.compareTo(Duration.ofMillis(10)) < 0) return Duration.ofMillis(10);
        return tick.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : tick;
    }

    /** Open mode, any origin, the default heartbeat. */
    public static Served start(Ports ports, UseCases.Settings settings, InstantSource clock, HttpRoutes... more) {
        return start(ports, settings, clock, true, List.of("*"), UseCases.Settings.DEFAULT_HEARTBEAT, List.of(), more);
    }

    public static Served start(
            Ports ports,
            UseCases.Settings settings,
            InstantSource clock,
            boolean openCreation,
            List<String> allowedOrigins,
            Duration heartbeat,
            List<String> trustedProxies,
            HttpRoutes... more) {
        return new Served(
                ports, settings, clock, openCreation, allowedOrigins, heartbeat, trustedProxies, List.of(more));
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        scheduler.close();
    }
}
