package io.huddle.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * What every scenario of one driver run shares: the gateways, the HTTP client, the source addresses
 * connections are bound to (round-robin), the timeouts, the processes to measure, the rate limits met and
 * the sessions created (ended after each scenario unless {@code keepSessions}).
 */
record Run(
        List<String> urls,
        HuddleHttp http,
        List<InetAddress> sources,
        Duration connectTimeout,
        List<Proc.Target> servers,
        List<Proc.Target> infra,
        String tag,
        RateLimits rateLimits,
        boolean keepSessions,
        Queue<Created> created) {

    private static final long T0 = System.nanoTime();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final AtomicInteger connections = new AtomicInteger();
    private static final Set<String> logged = ConcurrentHashMap.newKeySet();

    /** A session this run created: its owner, and the index of the gateway it was created on. */
    record Created(int urlIndex, HuddleHttp.Member owner) {}

    Run(
            List<String> urls,
            HuddleHttp http,
            List<InetAddress> sources,
            Duration connectTimeout,
            List<Proc.Target> servers,
            List<Proc.Target> infra,
            String tag,
            RateLimits rateLimits,
            boolean keepSessions) {
        this(
                urls,
                http,
                sources,
                connectTimeout,
                servers,
                infra,
                tag,
                rateLimits,
                keepSessions,
                new ConcurrentLinkedQueue<>());
    }

    /** A session created on {@code urls[index]}, remembered so the scenario's end can end it. */
    HuddleHttp.Member createSession(int index, String name) throws IOException, InterruptedException {
        var owner = http.createSession(url(index), name, index);
        created.add(new Created(index, owner));
        return owner;
    }

    /** A member's WebSocket on {@code url}, from the next source address, until its welcome. */
    WsConnection connect(String url, String token, WsConnection.Listener listener) throws IOException {
        return WsConnection.open(
                URI.create(url), token, source(nextConnection()), connectTimeout, listener, rateLimits);
    }

    /**
     * Ends every session created since the last call, as its owner, so a run leaves no live session behind
     * (with {@code keepSessions}, lists them instead). A gateway that does not answer is skipped for the
     * next: every gateway of a deployment can end every session. {@code {created, ended, kept, errors}}.
     */
    ObjectNode endSessions() throws InterruptedException {
        var sessions = new ArrayList<Created>();
        for (Created c; (c = created.poll()) != null; ) sessions.add(c);
        var node = JsonNodeFactory.instance.objectNode().put("created", sessions.size());
        var errors = new Counter();
        var ended = new AtomicInteger();
        if (keepSessions) {
            var codes = node.put("ended", 0).putArray("kept");
            sessions.forEach(c -> codes.add(c.owner().code()));
        } else {
            pool(sessions.size(), 4, i -> {
                var session = sessions.get(i);
                String failure = null;
                for (int k = 0; k < urls.size(); k++) {
                    try {
                        http.endSession(url(session.urlIndex() + k), session.owner(), session.urlIndex() + k);
                        ended.incrementAndGet();
                        return;
                    } catch (IOException e) {
                        failure = Failures.code(e);
                        if (e instanceof Failures.Coded) break; // the gateway answered: another would too
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                errors.add(failure);
            });
            node.put("ended", ended.get());
        }
        node.set("errors", errors.json());
        if (!keepSessions && ended.get() < sessions.size()) {
            log("could not end " + (sessions.size() - ended.get()) + " of the " + sessions.size()
                    + " sessions this scenario created (" + errors.json() + "); they end at the gateways'"
                    + " HUDDLE_INACTIVITY_TIMEOUT");
        }
        return node;
    }

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

    /** {@link #log} the first time {@code key} is seen in this process, so one cause is told once. */
    static void logOnce(String key, String message) {
        if (logged.add(key)) log(message);
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
