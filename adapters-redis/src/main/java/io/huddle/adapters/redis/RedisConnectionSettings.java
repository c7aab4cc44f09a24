package io.huddle.adapters.redis;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;

/** Jedis's view of {@link RedisSettings}: where to connect, with which credentials and timeouts. */
record RedisConnectionSettings(
        HostAndPort address,
        Set<HostAndPort> clusterNodes,
        JedisClientConfig clientConfig,
        int poolMax,
        Duration timeout) {

    /** How often a cluster client learns the slot map again even when no MOVED told it to. */
    static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);

    RedisConnectionSettings {
        clusterNodes = Set.copyOf(clusterNodes);
    }

    /**
     * With {@code clusterNodes} set, a cluster: those are the seeds, and the URL (when one was given) adds
     * only its credentials and TLS, which every node shares; a cluster has database 0 alone.
     */
    static RedisConnectionSettings from(RedisSettings settings) {
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
        var seeds = new LinkedHashSet<HostAndPort>();
        for (var node : settings.clusterNodes()) seeds.add(node(node));
        if (!seeds.isEmpty() && JedisURIHelper.getDBIndex(url) != 0) {
            throw new IllegalArgumentException("a Redis Cluster has database 0 only: drop the /db of the Redis URL");
        }
        return new RedisConnectionSettings(
                JedisURIHelper.getHostAndPort(url), seeds, config, settings.poolMax(), settings.timeout());
    }

    private static HostAndPort node(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("a Redis Cluster node must look like host:port");
        }
        var host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        try {
            return new HostAndPort(host, Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a Redis Cluster node must look like host:port");
        }
    }

    boolean clustered() {
        return !clusterNodes.isEmpty();
    }

    /** The client of one server, or of the cluster; opens connections on first use only (see {@link #poolConfig}). */
    RedisNodes nodes() {
        if (!clustered()) return new RedisNodes.Single(pooledClient(), address);
        // Start-up never waits for Redis: a cluster that does not answer yet is found on first use instead.
        if (System.getProperty(RedisClusterClient.INIT_NO_ERROR_PROPERTY) == null) {
            System.setProperty(RedisClusterClient.INIT_NO_ERROR_PROPERTY, "true");
        }
        var provider = new ClusterConnectionProvider(clusterNodes, clientConfig, poolConfig(), TOPOLOGY_REFRESH);
        var client = RedisClusterClient.builder()
                .nodes(clusterNodes)
                .clientConfig(clientConfig)
                .connectionProvider(provider)
                // A failover takes the cluster a few node timeouts; a command waits at most one client timeout
                // more than a single server's would, then the breaker and the fallbacks take over.
                .maxAttempts(3)
                .maxTotalRetriesDuration(timeout.multipliedBy(2))
                .build();
        return new RedisNodes.Cluster(client, provider);
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
        return RedisClient.builder()
                .hostAndPort(address)
                .clientConfig(clientConfig)
                .poolConfig(poolConfig())
                .build();
    }

    /** One pool per node: {@code poolMax} connections, borrowers wait at most {@code timeout}. */
    private ConnectionPoolConfig poolConfig() {
        var pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolMax);
        pool.setMaxIdle(poolMax);
        pool.setMinIdle(0);
        pool.setMaxWait(timeout);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        pool.setJmxEnabled(false);
        return pool;
    }
}
