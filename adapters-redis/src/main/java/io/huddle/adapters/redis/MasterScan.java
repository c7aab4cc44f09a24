package io.huddle.adapters.redis;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * SCAN over every master, one after the other: on a Redis Cluster SCAN sees the keys of the node it runs
 * on only, so a walk of a key family visits each master in turn. The cursor is {@code <master>:<SCAN's
 * cursor>}; a failover during a walk may show a key twice or skip one, which the walks here tolerate
 * (they run again on their next round).
 */
final class MasterScan {
    /** One page of keys and where the walk goes on; empty when every master was walked. */
    record Page(List<String> keys, Optional<String> next) {}

    private MasterScan() {}

    static Page page(RedisNodes nodes, Optional<String> cursor, ScanParams params, String type) {
        int master = 0;
        String scanCursor = ScanParams.SCAN_POINTER_START;
        if (cursor.isPresent()) {
            var text = cursor.get();
            int colon = text.indexOf(':');
            try {
                master = Integer.parseInt(text.substring(0, Math.max(colon, 0)));
                scanCursor = text.substring(colon + 1);
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("not a cursor of this walk");
            }
        }
        var masters = nodes.masters();
        if (master >= masters.size()) return new Page(List.of(), Optional.empty());
        redis.clients.jedis.resps.ScanResult<String> result;
        try (var jedis = new Jedis(masters.get(master).getResource())) {
            result = jedis.scan(scanCursor, params, type);
        }
        Optional<String> next;
        if (!result.isCompleteIteration()) next = Optional.of(master + ":" + result.getCursor());
        else if (master + 1 < masters.size()) next = Optional.of((master + 1) + ":" + ScanParams.SCAN_POINTER_START);
        else next = Optional.empty();
        return new Page(result.getResult(), next);
    }

    /** Every key of {@code type} matching {@code params} on every master. */
    static void each(RedisNodes nodes, ScanParams params, String type, Consumer<String> each) {
        Optional<String> cursor = Optional.empty();
        do {
            var page = page(nodes, cursor, params, type);
            page.keys().forEach(each);
            cursor = page.next();
        } while (cursor.isPresent());
    }
}
