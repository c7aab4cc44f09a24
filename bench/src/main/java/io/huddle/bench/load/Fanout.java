package io.huddle.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The harness's fan-out: S sessions of M members; member j of session i connects to {@code urls[(i+j) % n]}
 * (senders alternate between the gateways, each session's receivers span all of them). Member 0 of each
 * session sends, open loop, R messages a second in total, for the warm-up (sent, not measured) and the
 * measured duration, then the run drains. Each content carries {@code lg|session|seq|sendTime|warm|padding};
 * a delivery's latency is its receipt time minus that send time, on this process's one clock.
 */
final class Fanout {
    record Params(int sessions, int members, double rate, double duration, double warmup, double drain, int msgBytes) {}

    private final Run run;
    private final Params p;
    private final int capacity;
    private final Counter errors = new Counter();
    private final Counter closes = new Counter();
    private final Counter events = new Counter();
    private volatile boolean measuring;
    private final LongAdder measuredDeliveries = new LongAdder();
    private final AtomicLong lastMeasuredDelivery = new AtomicLong(Long.MIN_VALUE);

    /** One session of the run: its ledger, its members' connections and its latencies. */
    private final class Session {
        final int index;
        final FanoutLedger ledger;
        final WsConnection[] members;
        final Histogram delivery = new Histogram();
        final Histogram ack = new Histogram();

        Session(int index) {
            this.index = index;
            this.ledger = new FanoutLedger(p.members(), capacity);
            this.members = new WsConnection[p.members()];
        }

        WsConnection.Listener listener(int member) {
            return new WsConnection.Listener() {
                @Override
                public void onNew(String content) {
                    receive(Session.this, member, content);
                }

                @Override
                public void onAck(String ref, boolean ok, String code) {
                    if (member == 0) acknowledged(Session.this, ref, ok, code);
                }

                @Override
                public void onClose(int code) {
                    closes.add("member_closed:" + code);
                    if (measuring) {
                        // Said at once: a gateway gone mid-run turns the rest of the run into missing deliveries.
                        String url = run.url(index + member);
                        Run.logOnce(
                                "closed:" + url,
                                "fanout: a socket to " + url + " closed (" + code + ") during the run: is that"
                                        + " gateway still up? Its members miss every message from here");
                    }
                }

                @Override
                public void onEvent(String type) {
                    events.add(type);
                }
            };
        }
    }

    private Fanout(Run run, Params p) {
        this.run = run;
        this.p = p;
        this.capacity = (int) Math.ceil(p.rate() / p.sessions() * (p.warmup() + p.duration())) + 16;
    }

    static ObjectNode run(Run run, Params p) throws InterruptedException {
        return new Fanout(run, p).go();
    }

    private ObjectNode go() throws InterruptedException {
        Run.log("fanout: " + p.sessions() + " sessions x " + p.members() + " members, " + p.rate() + " msg/s for "
                + p.warmup() + "+" + p.duration() + " s");
        var sessions = setUp();
        int connected = sessions.stream().mapToInt(s -> s.members.length).sum();
        Run.log("fanout: " + sessions.size() + " sessions ready, " + connected + " members connected");
        Thread.sleep(500); // let presence events settle

        var timer = Executors.newSingleThreadScheduledExecutor();
        var window = new Object() {
            Map<String, Proc.Sample> s0;
            Map<String, Proc.Sample> s1;
            Proc.MachineCpu m0;
            Proc.MachineCpu m1;
        };
        long t0 = System.nanoTime();
        timer.schedule(
                () -> {
                    window.s0 = run.snapshot();
                    window.m0 = Proc.machineCpu();
                },
                (long) (p.warmup() * 1000),
                TimeUnit.MILLISECONDS);
        timer.schedule(
                () -> {
                    window.s1 = run.snapshot();
                    window.m1 = Proc.machineCpu();
                },
                (long) ((p.warmup() + p.duration()) * 1000),
                TimeUnit.MILLISECONDS);
        var sent = send(sessions, t0);
        drain(sessions);
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        if (window.s1 == null) {
            window.s1 = run.snapshot();
            window.m1 = Proc.machineCpu();
        }
        var result = result(sessions, connected, sent, window.s0, window.s1, window.m0, window.m1, t0);
        measuring = false; // from here the closes are this driver's own
        for (var session : sessions) for (var member : session.members) member.close();
        Thread.sleep(300);
        return result;
    }

    private List<Session> setUp() throws InterruptedException {
        var ready = new Session[p.sessions()];
        Run.pool(p.sessions(), 4, index -> {
            var session = new Session(index);
            try {
                var created = run.createSession(index, "fanout-" + index);
                var joined = new ArrayList<HuddleHttp.Member>();
                for (int j = 0; j < p.members(); j++) {
                    joined.add(run.http().join(run.url(index + j), created.code(), "m" + j, index + j));
                }
                var failure = new IOException[1];
                Run.pool(p.members(), p.members(), j -> {
                    try {
                        session.members[j] =
                                run.connect(run.url(index + j), joined.get(j).token(), session.listener(j));
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                });
                if (failure[0] != null) throw failure[0];
                ready[index] = session;
            } catch (IOException e) {
                errors.add("setup:" + Failures.code(e));
                for (var member : session.members) if (member != null) member.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        events.clear(); // presence and typing noise from the set-up: only the run's events count
        return Arrays.stream(ready).filter(Objects::nonNull).toList();
    }

    /** What the schedule did: sends in the measured window, their span, and this process's CPU over it. */
    private record Sent(
            long measured, long firstNanos, long lastNanos, long endNanos, double cpuSeconds, Histogram lag) {}

    /** Open loop: the schedule never waits for an ack or a delivery; a late tick sends what fell due. */
    private Sent send(List<Session> sessions, long t0) {
        closes.clear(); // as the harness: the sockets of sessions whose set-up failed closed before the run
        measuring = true;
        if (sessions.isEmpty()) return new Sent(0, 0, 0, t0, 0, new Histogram());
        String pad = "x".repeat(Math.max(0, p.msgBytes() - 40));
        double rate = p.rate() / p.sessions() * sessions.size();
        long warmNanos = (long) (p.warmup() * 1e9);
        long totalNanos = (long) ((p.warmup() + p.duration()) * 1e9);
        var lag = new Histogram();
        long n = 0;
        long measured = 0;
        long first = 0;
        long last = 0;
        double cpu0 = Double.NaN;
        while (true) {
            long now = System.nanoTime();
            long elapsed = now - t0;
            long target = (long) (Math.min(elapsed, totalNanos) / 1e9 * rate);
            while (n < target) {
                var session = sessions.get((int) (n % sessions.size()));
                long due = (long) ((n + 1) / rate * 1e9);
                long at = System.nanoTime();
                lag.recordMillis(Math.max(0, at - t0 - due) / 1e6);
                n++;
                boolean warm = at - t0 < warmNanos;
                if (sendOne(session, at, warm, pad) && !warm) {
                    measured++;
                    if (first == 0) {
                        first = at;
                        cpu0 = Proc.selfCpuSeconds();
                    }
                    last = at;
                }
            }
            if (elapsed >= totalNanos) break;
            LockSupport.parkNanos(500_000);
        }
        long end = System.nanoTime();
        double cpu = Double.isNaN(cpu0) ? 0 : Proc.selfCpuSeconds() - cpu0;
        return new Sent(measured, first, last, end, cpu, lag);
    }

    private boolean sendOne(Session session, long now, boolean warm, String pad) {
        int seq = session.ledger.next(now, warm);
        if (seq < 0) return false;
        var sender = session.members[0];
        if (!sender.isOpen()) {
            session.ledger.notSent(seq);
            errors.add("send:sender_not_open");
            return false;
        }
        session.ledger.sending(seq);
        String content = "lg|" + session.index + "|" + seq + "|" + Summary.fixed(Run.millis(now), 3) + "|"
                + (warm ? 1 : 0) + "|" + pad;
        try {
            sender.send(Integer.toString(seq), content);
            return true;
        } catch (IOException e) {
            session.ledger.notSent(seq);
            errors.add("send:" + Failures.code(e));
            return false;
        }
    }

    private void receive(Session session, int member, String content) {
        long now = System.nanoTime();
        if (!measuring) return; // nothing is sent before the run
        if (content == null || !content.startsWith("lg|")) {
            session.ledger.unexpected();
            return;
        }
        String[] parts = content.split("\\|", 6);
        int seq;
        try {
            if (parts.length < 5 || !parts[1].equals(Integer.toString(session.index)))
                throw new NumberFormatException();
            seq = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            session.ledger.unexpected();
            return;
        }
        if (session.ledger.receive(member, seq) == FanoutLedger.Receipt.FIRST && !session.ledger.isWarm(seq)) {
            measuredDeliveries.increment();
            session.delivery.recordMillis(Run.millis(now) - Double.parseDouble(parts[3]));
            lastMeasuredDelivery.accumulateAndGet(now, Math::max);
        }
    }

    private void acknowledged(Session session, String ref, boolean ok, String code) {
        long now = System.nanoTime();
        int seq;
        try {
            seq = Integer.parseInt(ref);
        } catch (NumberFormatException e) {
            seq = -1;
        }
        var ack = session.ledger.ack(seq, ok);
        if (!ack.known()) return;
        if (!ok) errors.add("ack:" + code);
        else if (!ack.warm()) session.ack.recordMillis((now - ack.sentAtNanos()) / 1e6);
    }

    /** Until every ack and every expected delivery is in, or the drain time is over. */
    private void drain(List<Session> sessions) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (p.drain() * 1e9);
        while (System.nanoTime() < deadline) {
            if (sessions.stream().allMatch(s -> s.ledger.settled())) break;
            Run.sleep(Duration.ofMillis(50));
        }
    }

    private ObjectNode result(
            List<Session> sessions,
            int connected,
            Sent sent,
            Map<String, Proc.Sample> s0,
            Map<String, Proc.Sample> s1,
            Proc.MachineCpu m0,
            Proc.MachineCpu m1,
            long t0) {
        var totals = sessions.stream()
                .map(s -> s.ledger.totals())
                .reduce(FanoutLedger.Totals.NONE, FanoutLedger.Totals::plus);
        var delivery = new Histogram();
        var ack = new Histogram();
        for (var session : sessions) {
            delivery.merge(session.delivery);
            ack.merge(session.ack);
        }
        if (totals.noAck() > 0) errors.add("ack:timeout", totals.noAck());
        double sendMs = (sent.lastNanos() - sent.firstNanos()) / 1e6;
        long lastDelivery = lastMeasuredDelivery.get();
        double deliveryMs = sent.measured() == 0 || lastDelivery == Long.MIN_VALUE
                ? 0
                : Math.max(0, (lastDelivery - sent.firstNanos()) / 1e6);
        double windowSeconds = sent.measured() == 0 ? 0 : (sent.endNanos() - sent.firstNanos()) / 1e9;
        long measured = measuredDeliveries.sum();

        var r = run.base("fanout");
        var params = r.putObject("params").put("sessions", p.sessions()).put("members", p.members());
        Run.put(params, "rate", p.rate());
        Run.put(params, "duration", p.duration());
        Run.put(params, "warmup", p.warmup());
        params.put("msgBytes", p.msgBytes());
        r.putObject("connections").put("expected", p.sessions() * p.members()).put("connected", connected);
        r.put("sent", totals.sent());
        r.put("measuredSent", sent.measured());
        r.put("sendRate", Proc.round(sent.measured() / (sendMs > 0 ? sendMs / 1000 : 1), 1));
        r.put("acked", totals.acked());
        r.put("noAck", totals.noAck());
        r.putObject("deliveries")
                .put("total", totals.deliveries())
                .put("measured", measured)
                .put("perSec", Proc.round(measured / (deliveryMs > 0 ? deliveryMs / 1000 : 1), 1))
                .put("expected", totals.expected())
                .put("missing", totals.missing())
                .put("duplicates", totals.duplicates())
                .put("outOfOrder", totals.outOfOrder())
                .put("toSender", totals.toSender())
                .put("unexpected", totals.unexpected())
                .put("ofFailedSends", totals.deliveredOfFailed());
        r.set("latencyMs", delivery.summary());
        r.set("ackLatencyMs", ack.summary());
        r.set("errors", errors.json());
        r.set("closes", closes.json());
        var loadgen = Run.loadgenCpu(sent.cpuSeconds(), windowSeconds);
        // The Node loadgen reports its event loop's delay here; this driver, how late its schedule sent.
        loadgen.put(
                "loopDelayP99Ms",
                sent.lag().count() == 0 ? 0 : Proc.round(sent.lag().percentileMicros(99) / 1000, 1));
        loadgen.put(
                "loopDelayMaxMs",
                sent.lag().count() == 0 ? 0 : Proc.round(sent.lag().percentileMicros(100) / 1000, 1));
        loadgen.set("scheduleLagMs", sent.lag().summary());
        r.set("loadgen", loadgen);
        r.set("servers", s0 == null ? r.objectNode() : Proc.cpuDiff(s0, s1, p.duration()));
        if (m0 != null) {
            var machine = Proc.machineDiff(m0, m1);
            double accounted = loadgen.get("cores").asDouble();
            for (var server : r.get("servers")) accounted += server.get("cores").asDouble();
            machine.put("unaccountedCores", Proc.round(machine.get("busyCores").asDouble() - accounted, 2));
            r.set("machine", machine);
        } else {
            r.putNull("machine");
        }
        r.put("wallSec", Proc.round((System.nanoTime() - t0) / 1e9, 1));
        if (r.path("machine").path("stealShare").asDouble(0) > 0.05) {
            r.put(
                    "warning",
                    "hypervisor steal "
                            + Math.round(
                                    100 * r.get("machine").get("stealShare").asDouble())
                            + " %: timings are not comparable");
        }
        r.put(
                "ok",
                connected == p.sessions() * p.members()
                        && totals.missing() == 0
                        && totals.duplicates() == 0
                        && errors.isEmpty());
        return r;
    }
}
