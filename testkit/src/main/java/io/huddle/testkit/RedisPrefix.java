package io.huddle.testkit;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/** The tests' Redis and a key prefix of one test class's own; as an extension, deletes its keys after the class. */
public record RedisPrefix(URI url, String prefix) implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        deleteKeys();
    }

    /**
     * Deletes every key named {@code prefix} or {@code prefix:…}: SCAN walks the keyspace in steps and
     * UNLINK frees memory off the main thread, so a shared Redis is never blocked (KEYS would).
     */
    public long deleteKeys() {
        long deleted = 0;
        try (var client = RedisClient.create(url)) {
            var params = new ScanParams().match(prefix + ":*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = client.scan(cursor, params);
                List<String> keys = page.getResult();
                if (!keys.isEmpty()) deleted += client.unlink(keys.toArray(String[]::new));
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            deleted += client.unlink(prefix);
        }
        return deleted;
    }
}
