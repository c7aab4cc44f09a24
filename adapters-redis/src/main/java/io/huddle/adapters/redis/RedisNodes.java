package io.huddle.adapters.redis;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The Redis the adapters talk to, one server or a Redis Cluster: the pooled client every store shares (a
 * {@link RedisClusterClient} follows MOVED/ASK and refreshes its slot map by itself), and what the parts
 * that must address nodes themselves need: which master owns a slot (the sharded pub/sub subscribers, one
 * per master) and every master's pool (a SCAN walks each master, since SCAN sees one node's keys only).
 */
sealed interface RedisNodes extends AutoCloseable {

    /** The client every store uses; commands are routed by their keys' slot on a cluster. */
    UnifiedJedis client();

    /** The master that owns {@code slot} as this client last learned it. */
    HostAndPort ownerOf(int slot);

    /** Every master's pool, in a stable order (by address). */
    List<ConnectionPool> masters();

    /** Every master that owns a slot now, in a stable order. */
    List<HostAndPort> masterAddresses();

    /** Every pool of every node, for the pool gauges and for dropping idle connections. */
    Map<String, ConnectionPool> pools();

    /** Learns the slot map again (after a failover or a migration); nothing on one server. */
    void refresh();

    /**
     * {@code SPUBLISH}: to the subscribers of {@code channel} on the master that owns its slot; how many
     * received it there.
     */
    default long spublish(byte[] channel, byte[] message) {
        return (Long) client().sendCommand(channel, redis.clients.jedis.Protocol.Command.SPUBLISH, channel, message);
    }

    /** Whether there is more than one node to route to. */
    boolean clustered();

    @Override
    void close();

    int SLOTS = 16384;

    static int slot(byte[] keyOrChannel) {
        return JedisClusterCRC16.getSlot(keyOrChannel);
    }

    /** One server: one address owns every slot. */
    record Single(RedisClient client, HostAndPort address) implements RedisNodes {
        @Override
        public HostAndPort ownerOf(int slot) {
            return address;
        }

        @Override
        public List<ConnectionPool> masters() {
            return List.of(pool());
        }

        @Override
        public List<HostAndPort> masterAddresses() {
            return List.of(address);
        }

        @Override
        public Map<String, ConnectionPool> pools() {
            return Map.of(address.toString(), pool());
        }

        private ConnectionPool pool() {
            return (ConnectionPool) client.getPool();
        }

        @Override
        public void refresh() {}

        @Override
        public boolean clustered() {
            return false;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** A Redis Cluster: the slot map is the provider's, renewed on MOVED, periodically and on {@link #refresh}. */
    record Cluster(RedisClusterClient client, ClusterConnectionProvider provider) implements RedisNodes {
        @Override
        public HostAndPort ownerOf(int slot) {
            var owner = provider.getNode(slot);
            if (owner != null) return owner;
            refresh();
            owner = provider.getNode(slot);
            if (owner == null)
                throw new redis.clients.jedis.exceptions.JedisConnectionException("no node owns slot " + slot);
            return owner;
        }

        /** The owners of the slots, not the provider's list of primaries, which keeps a failed master. */
        @Override
        public List<ConnectionPool> masters() {
            var pools = provider.getNodes();
            return masterAddresses().stream()
                    .map(address -> pools.get(address.toString()))
                    .filter(java.util.Objects::nonNull)
                    .toList();
        }

        @Override
        public List<HostAndPort> masterAddresses() {
            var owners = new java.util.TreeSet<HostAndPort>(Comparator.comparing(HostAndPort::toString));
            for (int slot = 0; slot < SLOTS; slot++) {
                var owner = provider.getNode(slot);
                if (owner != null) owners.add(owner);
            }
            return List.copyOf(owners);
        }

        @Override
        public Map<String, ConnectionPool> pools() {
            return provider.getNodes();
        }

        @Override
        public void refresh() {
            provider.renewSlotCache();
        }

        @Override
        public boolean clustered() {
            return true;
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
