package io.huddle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Redis Cluster of one test run's own: {@code 2 × masters} {@code redis-server --cluster-enabled yes}
 * processes on free ports (the same binary {@link PrivateRedis} runs), each master with one replica, the
 * slots split evenly over the masters. It is wired with the cluster commands ({@code CLUSTER ADDSLOTSRANGE},
 * {@code MEET}, {@code REPLICATE}: what {@code redis-cli --cluster create … --cluster-replicas 1} sends),
 * so nothing but {@code redis-server} is needed. A node timeout of {@link #NODE_TIMEOUT} makes a failover
 * take a few seconds; {@code cluster-require-full-coverage no} keeps the other masters serving meanwhile,
 * as a managed cluster is usually configured. Every process is killed by its id when closed (or when the JVM
 * ends), and its directory removed.
 */
public final class PrivateRedisCluster implements AutoCloseable {
    static final Duration NODE_TIMEOUT = Duration.ofMillis(2000);
    private static final Duration FORM_LIMIT = Duration.ofSeconds(30);
    private static final int SLOTS = 16384;
    private static final JedisClientConfig ADMIN = DefaultJedisClientConfig.builder()
            .timeoutMillis(1000)
            .autoNegotiateProtocol(false)
            .build();

    private final Path dir;
    private final List<PrivateRedis> nodes = new ArrayList<>();
    private final int masters;

    private PrivateRedisCluster(Path dir, int masters) {
        this.dir = dir;
        this.masters = masters;
    }

    /** Three masters and three replicas, ready (every slot served, every replica in sync) when this returns. */
    public static PrivateRedisCluster start() {
        return start(3);
    }

    /** {@code masters} masters and as many replicas; ready when this returns. */
    public static PrivateRedisCluster start(int masters) {
        Path dir;
        try {
            dir = Files.createTempDirectory("huddle-redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var cluster = new PrivateRedisCluster(dir, masters);
        try {
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void form() {
        for (int i = 0; i < 2 * masters; i++) {
            var nodeDir = dir.resolve("node-" + i);
            try {
                Files.createDirectories(nodeDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            nodes.add(PrivateRedis.start(List.of(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    nodeDir.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout",
                    Long.toString(NODE_TIMEOUT.toMillis()),
                    "--cluster-require-full-coverage",
                    "no",
                    // A replica takes over however long it was out of touch: tests kill masters on purpose.
                    "--cluster-replica-validity-factor",
                    "0",
                    "--dir",
                    nodeDir.toString())));
        }
        var ids = new ArrayList<String>();
        for (var node : nodes) ids.add(call(node, jedis -> jedis.clusterMyId()));
        for (int m = 0; m < masters; m++) {
            int from = m * SLOTS / masters;
            int to = (m + 1) * SLOTS / masters - 1;
            call(nodes.get(m), jedis -> jedis.clusterAddSlotsRange(from, to));
        }
        for (int i = 1; i < nodes.size(); i++) {
            int port = nodes.get(i).port();
            call(nodes.getFirst(), jedis -> jedis.clusterMeet("127.0.0.1", port));
        }
        Poll.until(
                FORM_LIMIT,
                "every node knows every other",
                () -> nodes.stream()
                        .allMatch(node ->
                                call(node, jedis -> jedis.clusterNodes().lines().count()) == nodes.size()));
        for (int r = 0; r < masters; r++) {
            var masterId = ids.get(r);
            call(nodes.get(masters + r), jedis -> jedis.clusterReplicate(masterId));
        }
        Poll.until(FORM_LIMIT, "the cluster is ok with a replica in sync per master", this::ready);
    }

    /** Every node says {@code cluster_state:ok}, and every master has a replica whose link is up. */
    private boolean ready() {
        for (var node : nodes) {
            if (!node.running()) continue;
            var info = call(node, jedis -> jedis.clusterInfo());
            if (!info.contains("cluster_state:ok")) return false;
        }
        for (int r = 0; r < masters; r++) {
            var replication = call(nodes.get(masters + r), jedis -> jedis.info("replication"));
            if (!replication.contains("master_link_status:up")) return false;
        }
        return true;
    }

    /** {@code 127.0.0.1:port,…} of every node: what {@code REDIS_CLUSTER_NODES} takes. */
    public String nodesSetting() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /** Every node's {@code 127.0.0.1:port}. */
    public List<String> nodeAddresses() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList();
    }

    /** The ports of the nodes that are masters now and running, in slot order. */
    public List<Integer> masterPorts() {
        var alive = nodes.stream().filter(PrivateRedis::running).findFirst().orElseThrow();
        return call(alive, jedis -> jedis.clusterShards()).stream()
                .filter(shard -> shard.getSlots() != null && !shard.getSlots().isEmpty())
                .sorted(Comparator.comparing(
                        shard -> shard.getSlots().getFirst().getFirst()))
                .flatMap(shard -> shard.getNodes().stream()
                        .filter(n -> "master".equals(n.getRole()) && "online".equals(n.getHealth()))
                        .map(n -> n.getPort().intValue()))
                .toList();
    }

    /** The port of the master that owns {@code slot} now, as a running node reports it. */
    public int masterOf(int slot) {
        var alive = nodes.stream().filter(PrivateRedis::running).findFirst().orElseThrow();
        return call(alive, jedis -> jedis.clusterSlots()).stream()
                .map(range -> (List<?>) range)
                .filter(range -> (Long) range.get(0) <= slot && slot <= (Long) range.get(1))
                .map(range -> ((Long) ((List<?>) range.get(2)).get(1)).intValue())
                .findFirst()
                .orElseThrow();
    }

    /** Kills the node on {@code port} at once (SIGKILL, by its process id), as a crash would. */
    public void kill(int port) {
        node(port).kill();
    }

    /**
     * Waits until the slots that {@code port} served are served by another node (its replica was promoted)
     * and every running node says {@code cluster_state:ok}.
     */
    public void awaitFailover(int port, Duration limit) {
        Poll.until(limit, "a replica took over from the master on port " + port, () -> {
            try {
                return !masterPorts().contains(port)
                        && masterPorts().size() == masters
                        && nodes.stream()
                                .filter(PrivateRedis::running)
                                .allMatch(n ->
                                        call(n, jedis -> jedis.clusterInfo()).contains("cluster_state:ok"));
            } catch (JedisException e) {
                return false;
            }
        });
    }

    private PrivateRedis node(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
    }

    private static <T> T call(PrivateRedis node, java.util.function.Function<Jedis, T> command) {
        try (var jedis = new Jedis("127.0.0.1", node.port(), ADMIN)) {
            return command.apply(jedis);
        }
    }

    @Override
    public void close() {
        nodes.forEach(PrivateRedis::close);
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory: the system cleans it eventually.
        }
    }

    @Override
    public String toString() {
        return "PrivateRedisCluster" + nodeAddresses();
    }
}
