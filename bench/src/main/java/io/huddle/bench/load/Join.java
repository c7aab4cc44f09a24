package io.huddle.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The harness's join scenario: sessions prefilled with {@code history} messages, then J joins one at a time
 * and J joins {@code concurrency} at a time, each {@code POST …/members} → connect → a welcome that must hold
 * min(history, 50) messages → close; total, HTTP and connect-to-welcome latencies.
 */
final class Join {
    record Params(int joins, int joinSessions, int history, int concurrency) {}

    private Join() {}

    static ObjectNode run(Run run, Params p) throws InterruptedException {
        Run.log("join: " + p.joins() + " sequential + " + p.joins() + " concurrent (" + p.concurrency() + ") joins, "
                + p.history() + " messages of history");
        var setupErrors = new Counter();
        var created = new HuddleHttp.Member[p.joinSessions()];
        Run.pool(p.joinSessions(), 4, i -> {
            try {
                var session = run.createSession(i, "join-" + i);
                prefill(run, run.url(i), session, p.history(), setupErrors);
                created[i] = session;
            } catch (IOException e) {
                setupErrors.add("setup:" + Failures.code(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var sessions = Arrays.stream(created).filter(Objects::nonNull).toList();
        var sequential = measured(run, p, sessions, p.joins(), 1, 0);
        var concurrent = measured(run, p, sessions, p.joins(), p.concurrency(), p.joins());

        var r = run.base("join");
        r.putObject("params")
                .put("joins", p.joins())
                .put("joinSessions", p.joinSessions())
                .put("history", p.history())
                .put("concurrency", p.concurrency());
        r.putObject("setup").put("sessions", sessions.size()).set("errors", setupErrors.json());
        r.set("sequential", sequential);
        r.set("concurrent", concurrent);
        double steal = Math.max(
                sequential.get("machine").get("stealShare").asDouble(),
                concurrent.get("machine").get("stealShare").asDouble());
        if (steal > 0.05)
            r.put("warning", "hypervisor steal " + Math.round(100 * steal) + " %: timings are not comparable");
        r.put(
                "ok",
                sequential.get("ok").asInt() == p.joins()
                        && concurrent.get("ok").asInt() == p.joins()
                        && setupErrors.isEmpty());
        return r;
    }

    /** The owner sends {@code count} messages, one at a time, each after the previous one's ack. */
    private static void prefill(Run run, String url, HuddleHttp.Member owner, int count, Counter errors)
            throws IOException, InterruptedException {
        if (count <= 0) return;
        var acks = new Semaphore(0);
        var connection = run.connect(url, owner.token(), new WsConnection.Listener() {
            @Override
            public void onAck(String ref, boolean ok, String code) {
                if (!ok) errors.add("prefill:" + code);
                acks.release();
            }
        });
        try {
            for (int i = 0; i < count; i++) {
                connection.send("p" + i, "history message " + i + " of session " + owner.code());
                if (!acks.tryAcquire(10, TimeUnit.SECONDS)) errors.add("prefill:ack_timeout");
            }
        } finally {
            connection.close();
        }
    }

    private static ObjectNode measured(
            Run run, Params p, List<HuddleHttp.Member> sessions, int count, int concurrency, int offset)
            throws InterruptedException {
        var s0 = run.snapshot();
        var m0 = Proc.machineCpu();
        double cpu0 = Proc.selfCpuSeconds();
        long t0 = System.nanoTime();
        var total = new Histogram();
        var http = new Histogram();
        var ws = new Histogram();
        var errors = new Counter();
        var ok = new AtomicInteger();
        int expect = Math.min(p.history(), 50);
        if (!sessions.isEmpty()) {
            Run.pool(count, concurrency, i -> {
                int k = offset + i;
                String url = run.url(k);
                try {
                    long a = System.nanoTime();
                    var member = run.http()
                            .join(url, sessions.get(k % sessions.size()).code(), "j-" + k, k);
                    long b = System.nanoTime();
                    var connection = run.connect(url, member.token(), new WsConnection.Listener() {});
                    long c = System.nanoTime();
                    connection.close();
                    http.recordMillis((b - a) / 1e6);
                    ws.recordMillis((c - b) / 1e6);
                    total.recordMillis((c - a) / 1e6);
                    if (connection.welcomeMessages() < expect) errors.add("welcome_short_history");
                    else ok.incrementAndGet();
                } catch (IOException e) {
                    errors.add(Failures.code(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } else if (count > 0) {
            errors.add("no_session", count);
        }
        double wallSeconds = (System.nanoTime() - t0) / 1e9;
        double cpu = Proc.selfCpuSeconds() - cpu0;
        var node = run.base("join").objectNode();
        node.put("concurrency", concurrency)
                .put("attempted", count)
                .put("ok", ok.get())
                .put("opsPerSec", Proc.round(ok.get() / wallSeconds, 1));
        node.set("totalMs", total.summary());
        node.set("httpJoinMs", http.summary());
        node.set("connectToWelcomeMs", ws.summary());
        node.set("errors", errors.json());
        node.set("loadgen", Run.loadgenCpu(cpu, wallSeconds));
        node.set("servers", Proc.cpuDiff(s0, run.snapshot(), wallSeconds));
        node.set("machine", Proc.machineDiff(m0, Proc.machineCpu()));
        return node;
    }
}
