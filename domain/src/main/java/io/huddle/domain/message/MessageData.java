package io.huddle.domain.message;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message's {@code data}: any JSON value but {@code null}, as text the web edge already parsed and
 * serialized. The domain never reads it; it only bounds its size, at most 16 KiB of UTF-8.
 */
public record MessageData(String json) {
    public static final int MAX_BYTES = 16 * 1024;

    public MessageData {
        Objects.requireNonNull(json);
        if (json.isBlank()) throw new IllegalArgumentException("data is not a JSON value");
        if (bytes(json) > MAX_BYTES) throw new IllegalArgumentException("data over " + MAX_BYTES + " bytes");
    }

    static int bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    public static boolean fits(String json) {
        return bytes(json) <= MAX_BYTES;
    }
}
