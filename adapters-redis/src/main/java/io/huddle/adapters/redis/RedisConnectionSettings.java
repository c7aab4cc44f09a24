package io.huddle.adapters.redis;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.util.JedisURIHelper;

/** Jedis's view of {@link RedisSettings}: where to connect, with which credentials and timeouts. */
record RedisConnectionSettings(HostAndPort address, JedisClientConfig clientConfig, int poolMax, Duration timeout) {

    static RedisConnectionSettings from(RedisSettings settings) {
        if (!settings.clusterNodes().isEmpty()) {
            throw new IllegalArgumentException("Redis Cluster is not supported yet: set a redis:// or rediss:// URL");
        }
        URI url = settings.url();
        if (!JedisURIHelper.isValid(url)) {
            throw new IllegalArgumentException(
                    "Redis URL must look like redis://[:password@]host:port[/db] or rediss://…");
        }
        int timeoutMillis = Math.toIntExact(settings.timeout().toMillis());
        var builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .user(JedisURIHelper.getUser(url))
                .password(JedisURIHelper.getPassword(url))
                .database(JedisURIHelper.getDBIndex(url))
                .clientName("huddle:" + settings.instanceId());
        if (JedisURIHelper.isRedisSSLScheme(url)) {
            // The JVM's trust store, host name verified: rediss:// means a real certificate.
            builder.sslOptions(SslOptions.defaults());
        }
        var config = builder.build();
        return new RedisConnectionSettings(
                JedisURIHelper.getHostAndPort(url), config, settings.poolMax(), settings.timeout());
    }

    /** The same settings under another client name, so a connection can be told apart in CLIENT LIST. */
    JedisClientConfig clientConfigNamed(String clientName) {
        return DefaultJedisClientConfig.builder()
                .from(clientConfig)
                .clientName(clientName)
                .build();
    }

    /**
     * A pooled client that opens connections on first use only, and whose borrowers wait at most
     * {@code timeout} for one, so a missing Redis costs a caller a bounded wait, never a hang.
     */
    RedisClient pooledClient() {
        var pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolMax);
        pool.setMaxIdle(poolMax);
        pool.setMinIdle(0);
        pool.setMaxWait(timeout);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        pool.setJmxEnabled(false);
        return RedisClient.builder()
                .hostAndPort(address)
                .clientConfig(clientConfig)
                .poolConfig(pool)
                .build();
    }
}
