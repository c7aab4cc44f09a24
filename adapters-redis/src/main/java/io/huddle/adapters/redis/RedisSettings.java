package io.huddle.adapters.redis;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where Redis is and how to talk to it. Either {@code url} ({@code redis://[:password@]host:port[/db]}
 * or {@code rediss://…}) or a non-empty {@code clusterNodes} list is used. {@code keyPrefix} starts every
 * key ({@code huddle} in production; a random one per test class).
 */
public record RedisSettings(
        URI url, List<String> clusterNodes, String keyPrefix, String instanceId, Duration timeout, int poolMax) {
    public RedisSettings {
        Objects.requireNonNull(url);
        clusterNodes = List.copyOf(clusterNodes);
        Objects.requireNonNull(keyPrefix);
        Objects.requireNonNull(instanceId);
        Objects.requireNonNull(timeout);
    }

    public static RedisSettings standalone(URI url, String keyPrefix, String instanceId) {
        return new RedisSettings(url, List.of(), keyPrefix, instanceId, Duration.ofSeconds(2), 64);
    }

    /** The URL without its password, for log lines. */
    public String safeDescription() {
        if (!clusterNodes.isEmpty()) return "cluster " + String.join(",", clusterNodes);
        return url.getScheme() + "://" + url.getHost() + ":" + url.getPort()
                + (url.getPath() == null ? "" : url.getPath());
    }
}
