package io.huddle.gateway;

import io.huddle.adapters.web.HttpRoutes;
import io.huddle.runtime.Infrastructure;
import io.huddle.runtime.Service;
import java.time.InstantSource;
import java.util.List;

/** Wires the gateway's use cases to the stores and its routes to the use cases, with plain code. */
public final class Gateway {
    private Gateway() {}

    public static Service start(GatewayConfig config, InstantSource clock) {
        var identity = new Service.Identity("huddle-gateway", config.allowedOrigins());
        return Service.start(config.common(), identity, clock, infrastructure -> routes(config, infrastructure, clock));
    }

    static List<HttpRoutes> routes(GatewayConfig config, Infrastructure infrastructure, InstantSource clock) {
        return List.of();
    }
}
