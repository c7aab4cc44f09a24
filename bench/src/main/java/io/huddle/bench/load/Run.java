package io.huddle.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * What every scenario of one driver run shares: the gateways, the HTTP client, the source addresses
 * connections are bound to (round-robin), the timeouts and the processes to measure.
 */
record Run(
        List<String> urls,
        HuddleHttp http,
        List<InetAddress> sources,
        Duration connectTimeout,
        List<Proc.Target> servers,
        List<Proc.Target> infra,
        String tag) {

    private static final long T0 = System.nanoTime();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final AtomicInteger connections = new AtomicInteger();

    /** Milliseconds on this process's monotonic clock: every latency is a difference of two of these. */
    static double millis(long nanos) {
        return (nanos - T0) / 1e6;
    }

    /** The n-th connection's source address (null: the system's choice) and its HTTP client. */
    int nextConnection() {
        return connections.getAndIncrement();
    }

    InetAddress source(int connection) {
        return sources.isEmpty() ? null : sources.get(Math.floorMod(connection, sources.size()));
    }

    String url(int index) {
        return urls.get(Math.floorMod(index, urls.size()));
    }

    List<Proc.Target> allTargets() {
        var all = new ArrayList<>(servers);
        all.addAll(infra);
        return all;
    }

    Map<String, Proc.Sample> snapshot() {
        return Proc.snapshot(allTargets());
    }

    /** The fields every result starts with, as the harness's loadgen writes them. */
    ObjectNode base(String scenario) {
        var node = JsonNodeFactory.instance.objectNode();
        node.put("scenario", scenario).put("driver", "huddle");
        if (!tag.isEmpty()) node.put("tag", tag);
        var list = node.putArray("urls");
        urls.forEach(list::add);
        node.put("tool", "bench LoadDriver");
        if (!sources.isEmpty()) {
            var bound = node.putArray("sources");
            sources.forEach(s -> bound.add(s.getHostAddress()));
        }
        return node;
    }

    /** {@code workers, cpuSec, cores, shareOfMachine} of this process over {@code wallSeconds}. */
    static ObjectNode loadgenCpu(double cpuSeconds, double wallSeconds) {
        double cores = wallSeconds > 0 ? cpuSeconds / wallSeconds : 0;
        return JsonNodeFactory.instance
                .objectNode()
                .put("workers", 1)
                .put("cpuSec", Proc.round(cpuSeconds, 2))
                .put("cores", Proc.round(cores, 2))
                .put("shareOfMachine", Proc.round(cores / Runtime.getRuntime().availableProcessors(), 3));
    }

    /** {@code value} as JavaScript would write it: a whole number without {@code .0}. */
    static ObjectNode put(ObjectNode node, String field, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return node.put(field, (long) value);
        return node.put(field, value);
    }

    static void log(String message) {
        System.err.println("[loaddriver " + LocalTime.now().format(CLOCK) + "] " + message);
    }

    /** Runs {@code task(0 … count-1)} with at most {@code concurrency} at a time, each on a virtual thread. */
    static void pool(int count, int concurrency, IntConsumer task) throws InterruptedException {
        var next = new AtomicInteger();
        var runners = new ArrayList<Thread>();
        for (int r = 0; r < Math.max(1, Math.min(concurrency, count)); r++) {
            runners.add(Thread.ofVirtual().start(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) task.accept(i);
            }));
        }
        for (var runner : runners) runner.join();
    }

    static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
