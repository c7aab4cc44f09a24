package io.huddle.adapters.web;

import io.javalin.config.RoutesConfig;
import java.time.Duration;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;

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
     * Sets Jetty's defaults for every WebSocket of the server (frame and message sizes, idle timeout);
     * only a module that serves WebSockets has anything to say here.
     */
    default void configureWebSockets(JettyWebSocketServletFactory factory) {}

    /**
     * The server is about to stop: a module that holds connections (WebSockets) closes them now, within
     * {@code grace}, while the stores are still there to record it.
     */
    default void stopping(Duration grace) {}
}
