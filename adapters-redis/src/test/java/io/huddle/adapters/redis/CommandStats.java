package io.huddle.adapters.redis;

import java.util.Map;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/** What a Redis of a test's own was asked: calls per command since the last CONFIG RESETSTAT. */
final class CommandStats {
    private CommandStats() {}

    /** From INFO commandstats, by command name ({@code evalsha}, {@code config|resetstat}, …). */
    static Map<String, Long> of(Jedis admin) {
        return admin.info("commandstats")
                .lines()
                .filter(line -> line.startsWith("cmdstat_"))
                .collect(Collectors.toMap(
                        line -> line.substring("cmdstat_".length(), line.indexOf(':')),
                        line -> Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"))));
    }
}
