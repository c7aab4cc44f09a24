package io.huddle.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The harness's idle scenario: N members joined over HTTP into a few sessions, connected with bounded
 * concurrency, then held open without traffic (the server's pings are answered) for the hold time, and
 * counted. With the servers' pids, their RSS before, once connected, at its peak and at the end, and the
 * memory per connection.
 */
final class Idle {
    record Params(int connections, int idleSessions, double hold, int concurrency) {}

    private Idle() {}

    static ObjectNode run(Run run, Params p) throws InterruptedException {
        Run.log("idle: " + p.connections() + " connections over " + p.idleSessions() + " sessions, hold " + p.hold()
                + " s");
        var errors = new Counter();
        var closes = new Counter();
        var before = run.snapshot();
        long t0 = System.nanoTime();
        var sessions = Collections.synchronizedList(new ArrayList<HuddleHttp.Member>());
        Run.pool(p.idleSessions(), 4, i -> {
            try {
                sessions.add(run.createSession(i, "idle-" + i));
            } catch (IOException e) {
                errors.add("create:" + Failures.code(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var joinHistogram = new Histogram();
        var connectHistogram = new Histogram();
        var open = new ConcurrentLinkedQueue<WsConnection>();
        var holding = new AtomicBoolean();
        var listener = new WsConnection.Listener() {
            @Override
            public void onClose(int code) {
                if (holding.get()) closes.add(Integer.toString(code));
            }
        };
        if (!sessions.isEmpty()) {
            var list = List.copyOf(sessions);
            Run.pool(p.connections(), p.concurrency(), i -> {
                String url = run.url(i);
                try {
                    long a = System.nanoTime();
                    var member = run.http().join(url, list.get(i % list.size()).code(), "idle-" + i, i);
                    long b = System.nanoTime();
                    joinHistogram.recordMillis((b - a) / 1e6);
                    open.add(run.connect(url, member.token(), listener));
                    connectHistogram.recordMillis((System.nanoTime() - b) / 1e6);
                } catch (IOException e) {
                    errors.add(Failures.code(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        double setupSeconds = (System.nanoTime() - t0) / 1e9;
        int connected = open.size();
        Run.log("idle: " + connected + "/" + p.connections() + " connected in " + Summary.fixed(setupSeconds, 1)
                + " s, holding");
        Run.sleep(Duration.ofSeconds(1));
        var afterConnect = run.snapshot();
        var peak = new HashMap<String, Double>();
        afterConnect.forEach((label, sample) -> peak.put(label, sample.rssMb()));
        var m0 = Proc.machineCpu();
        double cpu0 = Proc.selfCpuSeconds();
        var sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> run.snapshot().forEach((label, sample) -> peak.merge(label, sample.rssMb(), Math::max)),
                1,
                1,
                TimeUnit.SECONDS);
        holding.set(true);
        Run.sleep(Duration.ofMillis((long) (p.hold() * 1000)));
        holding.set(false);
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        int openAtEnd = (int) open.stream().filter(WsConnection::isOpen).count();
        double cpu = Proc.selfCpuSeconds() - cpu0;
        var end = run.snapshot();
        var m1 = Proc.machineCpu();
        for (var connection : open) connection.close();
        Run.sleep(Duration.ofMillis(500));

        var r = run.base("idle");
        var params = r.putObject("params").put("connections", p.connections()).put("idleSessions", p.idleSessions());
        Run.put(params, "hold", p.hold());
        params.put("concurrency", p.concurrency());
        r.put("connected", connected);
        r.put("openAtEnd", openAtEnd);
        r.put("failed", p.connections() - connected);
        r.put("setupSec", Proc.round(setupSeconds, 1));
        r.put("connectRate", Proc.round(connected / setupSeconds, 1));
        r.set("joinHttpMs", joinHistogram.summary());
        r.set("connectToWelcomeMs", connectHistogram.summary());
        r.set("errors", errors.json());
        r.set("closedDuringHold", closes.json());
        var servers = r.putObject("servers");
        double peakDelta = 0;
        double endDelta = 0;
        double peakSum = 0;
        double endSum = 0;
        for (var target : run.allTargets()) {
            String label = target.label();
            servers.putObject(label)
                    .put("pid", end.get(label).pid())
                    .put("alive", end.get(label).alive())
                    .put("rssBeforeMb", before.get(label).rssMb())
                    .put("rssConnectedMb", afterConnect.get(label).rssMb())
                    .put("rssPeakMb", peak.get(label))
                    .put("rssEndMb", end.get(label).rssMb())
                    .put(
                            "holdCores",
                            Proc.round(
                                    (end.get(label).cpuSeconds()
                                                    - afterConnect.get(label).cpuSeconds())
                                            / p.hold(),
                                    2));
            if (run.servers().contains(target)) {
                peakDelta += peak.get(label) - before.get(label).rssMb();
                endDelta += end.get(label).rssMb() - before.get(label).rssMb();
                peakSum += peak.get(label);
                endSum += end.get(label).rssMb();
            }
        }
        // RSS moves with GC: the peak is while every connection is open, the end after the hold (a GC may
        // have run); per connection = (RSS - RSS before connecting) / connected, summed over the servers.
        r.put("serverRssPeakMb", Proc.round(peakSum, 1));
        r.put("serverRssEndMb", Proc.round(endSum, 1));
        if (!run.servers().isEmpty() && connected > 0) {
            r.putObject("serverRssPerConnectionKb")
                    .put("peak", Proc.round(peakDelta * 1024 / connected, 1))
                    .put("end", Proc.round(endDelta * 1024 / connected, 1));
        } else {
            r.putNull("serverRssPerConnectionKb");
        }
        r.set("loadgen", Run.loadgenCpu(cpu, p.hold()));
        r.set("machine", Proc.machineDiff(m0, m1));
        if (r.get("machine").get("stealShare").asDouble() > 0.05) {
            r.put(
                    "warning",
                    "hypervisor steal "
                            + Math.round(
                                    100 * r.get("machine").get("stealShare").asDouble())
                            + " %: timings are not comparable");
        }
        r.put("ok", connected == p.connections() && openAtEnd == p.connections());
        return r;
    }
}
