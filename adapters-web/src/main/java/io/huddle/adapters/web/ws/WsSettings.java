package io.huddle.adapters.web.ws;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@code /ws} behaves.
 *
 * @param allowedOrigins {@code HUDDLE_ALLOWED_ORIGINS}: a request with an {@code Origin} header not in it
 *     is closed with {@code 1008}; {@code "*"} allows any
 * @param heartbeat how often the server pings (the use cases' heartbeat); Jetty's idle timeout, a
 *     backstop only, is set to a few of these
 */
public record WsSettings(List<String> allowedOrigins, Duration heartbeat) {
    /** PROTOCOL.md section 5: a text frame over 64 KiB is closed with 1009. */
    public static final int MAX_TEXT_BYTES = 64 * 1024;

    public WsSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(heartbeat);
        if (heartbeat.toMillis() < 10) throw new IllegalArgumentException("heartbeat too short");
    }

    boolean allows(String origin) {
        return origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }
}
