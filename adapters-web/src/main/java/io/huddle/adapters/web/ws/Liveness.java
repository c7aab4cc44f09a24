package io.huddle.adapters.web.ws;

import java.util.OptionalLong;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * How many bytes a socket has read: any frame counts, pongs included, which Javalin does not show. A
 * client whose count stands still for three heartbeats is silent. Jetty's own idle timeout cannot tell,
 * since the server's pings (writes) keep a connection from being idle.
 */
final class Liveness {
    private Liveness() {}

    /** Empty when this Jetty does not expose the count; the socket then judges by its text frames alone. */
    static OptionalLong bytesIn(Session session) {
        if (session instanceof WebSocketSession jetty
                && jetty.getCoreSession() instanceof WebSocketCoreSession core
                && core.getConnection() != null) {
            return OptionalLong.of(core.getConnection().getBytesIn());
        }
        return OptionalLong.empty();
    }
}
