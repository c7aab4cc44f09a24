package io.huddle.adapters.web;

import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;

/**
 * A feature's HTTP (and WebSocket) handlers, added to the public server when it is created. Handlers
 * read bodies with {@link JsonBody}, answer with {@code ctx.json(...)} (the shared mapper of {@link Json})
 * and answer errors by throwing {@link ProblemException} or calling {@link Problems#send}; correlation
 * ids, request logs, metrics, CORS and body limits are already taken care of.
 */
@FunctionalInterface
public interface HttpRoutes {

    /** Registers this module's handlers, e.g. {@code routes.post("/api/sessions", this::create)}. */
    void register(RoutesConfig routes);

    /**
     * A Jetty handler that sees every request before Javalin's servlet layer does, and passes on what it
     * does not take: the WebSocket endpoint upgrades its sockets there, so a socket holds no servlet
     * request, Javalin context or HTTP session for its whole life.
     */
    default Optional<Handler.Wrapper> beforeServlets() {
        return Optional.empty();
    }

    /**
     * The server is about to stop: a module that holds connections (WebSockets) closes them now, within
     * {@code grace}, while the stores are still there to record it.
     */
    default void stopping(Duration grace) {}
}
