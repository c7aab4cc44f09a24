package io.huddle.domain.state;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The content of a session's shared state: any JSON value, {@code null} included, as text the edge
 * already parsed and serialized. The domain never reads it; it only bounds its size, at most 256 KiB
 * of UTF-8.
 */
public record StateData(String json) {
    public static final int MAX_BYTES = 256 * 1024;

    public StateData {
        Objects.requireNonNull(json);
        if (json.isBlank()) throw new IllegalArgumentException("state data is not a JSON value");
        if (!fits(json)) throw new IllegalArgumentException("state data over " + MAX_BYTES + " bytes");
    }

    /** Whether {@code json} is within {@link #MAX_BYTES} of UTF-8. */
    public static boolean fits(String json) {
        // Most documents are far below the limit: count bytes only when the characters could exceed it.
        if (json.length() * 3L <= MAX_BYTES) return true;
        return json.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    @Override
    public String toString() {
        return "StateData[" + json.length() + " chars]"; // a document can be large: keep it out of logs
    }
}
