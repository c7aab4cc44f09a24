package io.huddle.gateway;

import io.huddle.adapters.web.ApiRoutes;
import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.StaticRoutes;
import io.huddle.adapters.web.WebServer;
import io.huddle.adapters.web.WebSettings;
import io.huddle.adapters.web.auth.HashedServerKeys;
import io.huddle.adapters.web.auth.JwtUserTokens;
import io.huddle.adapters.web.ws.WsSettings;
import io.huddle.application.UseCases;
import io.huddle.application.concurrency.ThreadScheduler;
import io.huddle.domain.session.UserTokens;
import io.huddle.runtime.Heartbeat;
import io.huddle.runtime.Maintenance;
import io.huddle.runtime.RealtimeMetrics;
import io.huddle.runtime.Service;
import io.huddle.runtime.StartupFailure;
import io.huddle.runtime.Wiring;
import io.huddle.runtime.settings.MaintenanceSettings;
import io.huddle.runtime.settings.Mode;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Wires the gateway: the stores into the use cases, the use cases into the routes, with plain code. */
public final class Gateway {
    private Gateway() {}

    public static Service start(GatewayConfig config, InstantSource clock) {
        return Service.start(config.common(), "huddle-gateway", clock, starting -> {
            var infrastructure = starting.infrastructure();
            var common = config.common();
            // Alive in the registry before the server takes its first socket.
            starting.stopOnDrain(Heartbeat.start(
                    infrastructure.ports().instances(), common.instanceId(), infrastructure.liveInstances()));
            // Socket work runs on virtual threads; one timer thread only keeps time (gaps, typing, heartbeats).
            var scheduler = starting.stopOnDrain(new ThreadScheduler());
            UserTokens userTokens =
                    config.jwt().<UserTokens>map(JwtUserTokens::new).orElse(UserTokens.NONE);
            var meters = new RealtimeMetrics(starting.meters(), clock);
            var useCases = UseCases.wire(
                    infrastructure.ports().withUserTokens(userTokens).withServerKeys(config.serverKeys()),
                    settings(config),
                    clock,
                    io.huddle.application.concurrency.MonotonicClock.startingAt(clock),
                    scheduler,
                    meters);
            // Redis away: feeds catch up from PostgreSQL; Redis back (or emptied): presence, hot copies, feeds.
            starting.stopOnDrain(
                    infrastructure.watchRedis(common.instanceId(), Heartbeat.TTL, useCases.feeds()::catchUpAll));
            // Embedded mode has no worker process, so the gateway runs the worker's jobs itself.
            if (common.mode() == Mode.EMBEDDED) {
                starting.stopOnDrain(Maintenance.start(
                        Maintenance.jobs(useCases, MaintenanceSettings.defaults()), starting.meters(), clock));
            }
            if (config.serverKeys() instanceof HashedServerKeys keys) {
                LoggerFactory.getLogger(Gateway.class)
                        .atInfo()
                        .addKeyValue("serverKeys", keys.names().toString())
                        .log("server API enabled for {} key(s)", keys.names().size());
            }
            var routes = ApiRoutes.of(
                    useCases,
                    userTokens,
                    config.serverKeys(),
                    meters,
                    clock,
                    new ApiRoutes.Settings(
                            config.authMode() == GatewayConfig.AuthMode.OPEN,
                            config.trustedProxies(),
                            new WsSettings(config.allowedOrigins(), UseCases.Settings.DEFAULT_HEARTBEAT)));

            var web = WebSettings.of(common.port(), Service.version(), common.instanceId())
                    .withHost(common.host())
                    .withAllowedOrigins(config.allowedOrigins());
            var server = WebServer.create(
                    common.managementPort().map(web::withManagementPort).orElse(web),
                    starting.health(),
                    starting.meters(),
                    withDemo(config, routes.all()));
            try {
                server.start();
            } catch (WebServer.CannotListen e) {
                String setting = e.port() == common.port() ? "PORT" : "HUDDLE_MANAGEMENT_PORT";
                throw StartupFailure.cannotListen(setting, e.host(), e.port(), e.getCause());
            }
            return new Service.Edge() {
                @Override
                public int port() {
                    return server.port();
                }

                @Override
                public void drain(Duration grace) {
                    server.drain(grace);
                }
            };
        });
    }

    /** The API's routes, and the demo app's when HUDDLE_DEMO is on. */
    private static List<HttpRoutes> withDemo(GatewayConfig config, List<HttpRoutes> api) {
        if (!config.demo()) return api;
        var routes = new ArrayList<>(api);
        demo().ifPresent(routes::add);
        return List.copyOf(routes);
    }

    /** The demo app built from clients/js into the jar; a jar built without it says so. */
    private static Optional<StaticRoutes> demo() {
        var demo = StaticRoutes.fromClasspath("huddle-demo");
        if (demo.isEmpty()) {
            LoggerFactory.getLogger(Gateway.class)
                    .warn("HUDDLE_DEMO is on, but this jar was built without the demo (clients/js was skipped)");
        }
        return demo;
    }

    /** The use cases' settings: the common ones, and the gateway's limits, socket cap and code length. */
    static UseCases.Settings settings(GatewayConfig config) {
        return Wiring.settings(config.common(), MaintenanceSettings.defaults())
                .withLimits(config.rateLimits())
                .withMaxSocketsPerMember(config.maxSocketsPerMember())
                .withCodeLength(config.codeLength())
                .withRealtime(
                        UseCases.Settings.DEFAULT_HEARTBEAT,
                        Duration.ofSeconds(1),
                        config.common().instanceId());
    }
}
