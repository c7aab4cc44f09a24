package io.huddle.gateway;

import static io.huddle.gateway.TestHttp.body;
import static io.huddle.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.PrivateRedis;
import io.huddle.testkit.TcpProxy;
import io.huddle.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The fault-injection run of issue 11, in the build: two gateways on a Redis of the test's own (a
 * {@code redis-server} process it kills, restarts empty or stops with SIGSTOP, by its pid) and on PostgreSQL
 * through a TCP proxy the test closes and opens again (PostgreSQL stopped). Five senders at 50 messages a
 * second in all, a receiver on each gateway, joins and socket openings during the fault. Each test asserts:
 * no acknowledged message lost, every receiver sees seq 1..N once each and in order, no phantom member, no
 * presence left without a socket, every token still works, recovery within 5 s, and {@code /health} fast
 * throughout: 95 % of its answers under 100 ms, none as slow as a store's timeout (1 s: it never waits for a
 * dependency; a lone slower answer is this shared 2-core machine's scheduling, not the endpoint); and
 * prints what it measured (one {@code FAULT} line).
 */
class FaultsIT {
    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(5);
    private static final long HEALTH_LIMIT_MS = 100;
    /** A store's timeout (REDIS_TIMEOUT's default): an answer this slow would have waited for a dependency. */
    private static final long HEALTH_NEVER_MS = 1000;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrivateRedis redis;
    private TcpProxy postgres;
    private int postgresPort;
    private final List<Service> gateways = new ArrayList<>();
    private final List<TestSocket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final long runStarted = System.nanoTime();

    @AfterEach
    void stop() {
        running.set(false);
        threads.forEach(Thread::interrupt);
        sockets.forEach(TestSocket::close);
        gateways.forEach(Service::close);
        if (redis != null) redis.close();
        if (postgres != null) postgres.close();
    }

    // --- the five faults

    @Test
    void redis_killed_for_5_s_under_load() throws Exception {
        run("redis-killed-5s", () -> redis.kill(), Duration.ofSeconds(5), () -> redis.restart(), Ready.DEGRADED);
    }

    @Test
    void redis_restarted_empty_and_flushed_under_load() throws Exception {
        run(
                "redis-restarted-empty",
                () -> {
                    flushAll();
                    redis.restart();
                },
                Duration.ofSeconds(1),
                this::flushAll,
                Ready.SERVING);
    }

    @Test
    void redis_hung_for_5_s_under_load() throws Exception {
        run("redis-hung-5s", () -> redis.pause(), Duration.ofSeconds(5), () -> redis.resume(), Ready.DEGRADED);
    }

    @Test
    void postgres_stopped_for_10_s_under_load() throws Exception {
        run(
                "postgres-stopped-10s",
                () -> postgres.close(),
                Duration.ofSeconds(10),
                this::startPostgres,
                Ready.DEGRADED);
    }

    @Test
    void redis_and_postgres_both_down_for_5_s_under_load() throws Exception {
        run(
                "both-down-5s",
                () -> {
                    redis.kill();
                    postgres.close();
                },
                Duration.ofSeconds(5),
                () -> {
                    startPostgres();
                    redis.restart();
                },
                Ready.DEGRADED);
    }

    /**
     * The shared state travels between gateways as an event on Redis, which is away: a write on one gateway
     * must still reach the sockets of the other, as messages do (through PostgreSQL), not only those of its own.
     */
    @Test
    void a_state_write_while_redis_is_down_reaches_the_sockets_of_the_other_gateway() throws Exception {
        redis = PrivateRedis.start();
        startPostgres();
        var a = gateway("gw-a");
        var b = gateway("gw-b");
        var owner = member(body(send(a, "POST", "/api/sessions", null, "{}")));
        var bob = joined(b, owner.code(), "Bob");
        var onB = welcomed(b, bob);
        redis.kill();
        awaitTrue(Duration.ofSeconds(10), () -> !healthy(a));

        var written =
                send(a, "PUT", "/api/sessions/" + owner.code() + "/state", owner.token(), "{\"data\":{\"tempo\":90}}");
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);

        var updated = onB.next("state:updated");
        assertThat(updated.path("state").path("version").asLong()).isEqualTo(1);
        assertThat(updated.path("state").path("data").path("tempo").asInt()).isEqualTo(90);
    }

    @Test
    void a_join_on_the_other_gateway_while_redis_is_down_is_announced_and_its_online_once_redis_is_back()
            throws Exception {
        redis = PrivateRedis.start();
        startPostgres();
        var a = gateway("gw-a");
        var b = gateway("gw-b");
        var owner = member(body(send(a, "POST", "/api/sessions", null, "{}")));
        var onA = welcomed(a, owner);
        redis.kill();
        awaitTrue(Duration.ofSeconds(10), () -> !healthy(a) && !healthy(b));

        var carol = joined(b, owner.code(), "Carol");
        var joined = onA.next(frame -> frame.path("type").asText().equals("presence"));
        assertThat(joined.path("event").asText()).isEqualTo("joined");
        assertThat(joined.path("member").path("id").asText()).isEqualTo(carol.id());

        welcomed(b, carol); // her "online" reaches nobody on gw-a while Redis is away
        redis.restart();
        var online = onA.next(frame -> frame.path("type").asText().equals("presence"));
        assertThat(online.path("event").asText()).isEqualTo("online");
        assertThat(online.path("member").path("id").asText()).isEqualTo(carol.id());
        assertThat(online.path("online").asInt()).isEqualTo(2);
    }

    @Test
    void a_gateway_no_request_reaches_leaves_its_rate_limit_fallback_once_redis_is_back() throws Exception {
        redis = PrivateRedis.start();
        startPostgres();
        var a = gateway("gw-a", Map.of("RATE_LIMIT_API", "1000/60s"));
        var owner = member(body(send(a, "POST", "/api/sessions", null, "{}")));
        redis.kill();
        awaitTrue(Duration.ofSeconds(10), () -> !healthy(a));
        // One request while Redis is away: its limit check is counted by this gateway alone.
        send(a, "GET", "/api/sessions/" + owner.code(), owner.token(), null);
        assertThat(redisFallback(a)).as("in fallback").isEqualTo(1);

        redis.restart();
        // No request reaches the gateway from here on (health and metrics count no limit): only its watch of
        // Redis can take the limits back. Before, they stayed local, and HuddleRedisFallback fired, until the
        // next request.
        awaitTrue(Duration.ofSeconds(10), () -> redisFallback(a) == 0, () -> "still in fallback");
    }

    @Test
    void a_send_refused_while_both_stores_are_away_leaves_its_socket_showing_the_members_other_sockets()
            throws Exception {
        redis = PrivateRedis.start();
        startPostgres();
        var a = gateway("gw-a");
        var owner = member(body(send(a, "POST", "/api/sessions", null, "{}")));
        var alice = joined(a, owner.code(), "Alice");
        var phone = welcomed(a, alice);
        var laptop = welcomed(a, alice);
        redis.kill();
        postgres.close();
        // Past the gateway's near copy of the session (1 s): the send must read it, and cannot.
        Thread.sleep(1500);
        phone.send("{\"type\":\"message:send\",\"content\":\"while away\",\"ref\":\"p1\"}");
        assertThat(phone.next("error").path("code").asText()).isEqualTo("storage_unavailable");

        startPostgres();
        redis.restart();
        awaitTrue(Duration.ofSeconds(15), () -> healthy(a), () -> "gw-a not healthy again");
        long seq = acked(laptop, "from the laptop", "laptop-1");

        // Before, the refused send stayed counted as in flight on the phone's socket, which then held every
        // message of Alice's for its outcome, for good: the laptop's never showed on the phone.
        var shown = phone.next("message:new");
        assertThat(shown.path("message").path("content").asText()).isEqualTo("from the laptop");
        assertThat(shown.path("message").path("seq").asLong()).isEqualTo(seq);
    }

    /**
     * Sends {@code content} until it is acknowledged (a store may refuse the first tries), each try with the same
     * {@code clientMsgId}, so that a try stored despite its error is not stored twice: its seq.
     */
    private static long acked(TestSocket socket, String content, String clientMsgId) throws InterruptedException {
        for (int attempt = 1; attempt <= 20; attempt++) {
            var ref = "try-" + attempt;
            socket.send("{\"type\":\"message:send\",\"content\":\"" + content + "\",\"ref\":\"" + ref
                    + "\",\"clientMsgId\":\"" + clientMsgId + "\"}");
            var answer = socket.next(frame -> frame.path("ref").asText().equals(ref));
            if (answer.path("type").asText().equals("message:ack")) {
                return answer.path("message").path("seq").asLong();
            }
            assertThat(answer.path("code").asText()).as(answer.toString()).isEqualTo("storage_unavailable");
            Thread.sleep(500);
        }
        throw new AssertionError("\"" + content + "\" never acknowledged");
    }

    /** {@code huddle_fallback_active{dependency="redis"}} on the gateway's /metrics. */
    private int redisFallback(Service on) {
        var response = send(on, "GET", "/metrics", null, null);
        return response.body()
                .lines()
                .filter(line -> line.startsWith("huddle_fallback_active{") && line.contains("dependency=\"redis\""))
                .map(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no huddle_fallback_active for redis on /metrics"));
    }

    // --- one run

    /**
     * What {@code /health/ready} must say while the fault lasts (PROTOCOL.md sections 4 and 8): a gateway
     * stays in its balancer's pool through any outage of its stores ({@code 200 degraded}); only starting and
     * draining are {@code 503}. Answers before the fault is noticed are {@code 200 ready} in every case.
     */
    enum Ready {
        /** Every answer 200; {@code degraded} not required (the fault may be too short to be noticed). */
        SERVING,
        /** Every answer 200, and {@code degraded} at least once. */
        DEGRADED
    }

    interface Step {
        void run() throws Exception;
    }

    record Member(String code, String id, String token) {}

    /** What one socket saw: its acks (ref -> seq), errors by code, and the seqs of message:new in order. */
    static final class Seen {
        final Map<String, Long> acks = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        final AtomicLong lastAckNanos = new AtomicLong();
        /** Sends written by the load, and the ones answered (acked or refused with an error frame). */
        final AtomicLong sent = new AtomicLong();

        final AtomicLong answered = new AtomicLong();
    }

    private void run(String name, Step fault, Duration lasting, Step repair, Ready ready) throws Exception {
        redis = PrivateRedis.start();
        startPostgres();
        var a = gateway("gw-a");
        var b = gateway("gw-b");
        var owner = member(body(send(a, "POST", "/api/sessions", null, "{\"maxMembers\":200}")));
        var code = owner.code();
        var members = new ArrayList<Member>(List.of(owner));
        var senders = new ArrayList<TestSocket>();
        var sendersSeen = new ArrayList<Seen>();
        for (int i = 0; i < 5; i++) {
            var joined = joined(i % 2 == 0 ? a : b, code, "S" + i);
            members.add(joined);
            var seen = new Seen();
            senders.add(listen(welcomed(i % 2 == 0 ? b : a, joined), seen));
            sendersSeen.add(seen);
        }
        var receivers = new ArrayList<Seen>();
        for (var on : List.of(a, b)) {
            var joined = joined(on, code, "R");
            members.add(joined);
            var seen = new Seen();
            listen(welcomed(on, joined), seen);
            receivers.add(seen);
        }
        var state = send(a, "PUT", "/api/sessions/" + code + "/state", owner.token(), "{\"data\":{\"tempo\":120}}");
        assertThat(state.statusCode()).isEqualTo(200);
        long baseMembers = members.size();

        var healthMs = new java.util.concurrent.ConcurrentLinkedQueue<Long>();
        for (var gateway : List.of(a, b)) sample(gateway, healthMs);
        for (int s = 0; s < senders.size(); s++) load(senders.get(s), s, sendersSeen.get(s));

        Thread.sleep(2000);
        long faultAt = System.nanoTime();
        System.out.printf("FAULT %s begins at +%d ms%n", name, (faultAt - runStarted) / 1_000_000);
        fault.run();
        // During the fault: joins every 300 ms, and a socket opened and closed every second.
        var joins = new ConcurrentHashMap<Integer, AtomicLong>();
        var joinedMeanwhile = new CopyOnWriteArrayList<Member>();
        var openedCodes = new CopyOnWriteArrayList<Integer>();
        var readyAnswers = new java.util.TreeMap<String, Integer>();
        long faultEnd = faultAt + lasting.toNanos();
        int n = 0;
        while (System.nanoTime() < faultEnd) {
            var on = n % 2 == 0 ? a : b;
            var response =
                    send(on, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"J" + n + "\"}");
            joins.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
            if (response.statusCode() == 201) joinedMeanwhile.add(member(body(response)));
            if (n % 3 == 0) openedCodes.add(openAndClose(on, members.get(1)));
            var readiness = send(on, "GET", "/health/ready", null, null);
            readyAnswers.merge(
                    readiness.statusCode() + " "
                            + body(readiness).path("status").asText(),
                    1,
                    Integer::sum);
            n++;
            Thread.sleep(300);
        }
        repair.run();
        long repairedAt = System.nanoTime();
        System.out.printf("FAULT %s repaired at +%d ms%n", name, (repairedAt - runStarted) / 1_000_000);

        // Recovered: both gateways healthy again, every open socket's member online, and a send acknowledged.
        long sendsBefore = sendersSeen.getFirst().lastAckNanos.get();
        // What was still missing at the last look, for the failure message if recovery never comes.
        var missingPart = new java.util.concurrent.atomic.AtomicReference<String>("nothing looked at yet");
        long recoveredAt = awaitTrue(
                Duration.ofSeconds(15),
                () -> {
                    int onlineNow = online(a, code, owner.token());
                    var parts = new ArrayList<String>();
                    if (!healthy(a)) parts.add("gw-a not healthy");
                    if (!healthy(b)) parts.add("gw-b not healthy");
                    if (onlineNow != senders.size() + receivers.size()) parts.add("online " + onlineNow);
                    if (sendersSeen.getFirst().lastAckNanos.get() <= Math.max(sendsBefore, repairedAt)) {
                        parts.add("no ack since the repair (errors so far " + sendersSeen.getFirst().errors + ")");
                    }
                    missingPart.set(String.join(", ", parts));
                    return parts.isEmpty();
                },
                () -> missingPart.get() + "; " + diagnosis(name, sendersSeen, receivers));
        long recoveryMs = (recoveredAt - repairedAt) / 1_000_000;
        Thread.sleep(1000);
        running.set(false);
        Thread.sleep(300);
        // Every load send answered first: one still in the writer could take a seq after the last message's.
        awaitTrue(
                Duration.ofSeconds(10),
                () -> sendersSeen.stream().allMatch(seen -> seen.answered.get() >= seen.sent.get()));

        // A last message; every receiver must have seen 1..its seq, once each, in order.
        var last = senders.getFirst();
        last.send("{\"type\":\"message:send\",\"content\":\"last\",\"ref\":\"last\"}");
        awaitTrue(Duration.ofSeconds(10), () -> sendersSeen.getFirst().acks.containsKey("last"));
        long lastSeq = sendersSeen.getFirst().acks.get("last");
        for (var seen : receivers) awaitTrue(Duration.ofSeconds(10), () -> seen.seqs.contains(lastSeq));
        long missing = 0;
        long duplicates = 0;
        for (var seen : receivers) {
            var seqs = new ArrayList<>(seen.seqs);
            duplicates += seqs.size() - new TreeSet<>(seqs).size();
            missing += lastSeq - new TreeSet<>(seqs).size();
            assertThat(seqs).as("seqs on a receiver").isSorted().doesNotHaveDuplicates();
        }
        // Every acknowledged message is in the log, with the sender's client id.
        var history = history(a, code, owner.token());
        long acked = 0;
        long lost = 0;
        for (int s = 0; s < sendersSeen.size(); s++) {
            for (var ack : sendersSeen.get(s).acks.entrySet()) {
                if (ack.getKey().equals("last")) continue;
                acked++;
                var stored = history.get(ack.getValue());
                if (stored == null || !stored.equals("s" + s + "-" + ack.getKey())) lost++;
            }
        }
        // No phantom member: the session has exactly the members whose join was answered 201.
        var listed = body(send(a, "GET", "/api/sessions/" + code + "/members", owner.token(), null))
                .path("members")
                .size();
        long phantoms = listed - baseMembers - joinedMeanwhile.size();
        // Every token still works, on both gateways.
        long tokensLost = 0;
        var everyone = new ArrayList<>(members);
        everyone.addAll(joinedMeanwhile);
        for (var member : everyone) {
            for (var on : List.of(a, b)) {
                if (send(on, "GET", "/api/sessions/" + code, member.token(), null)
                                .statusCode()
                        != 200) tokensLost++;
            }
        }
        var stateAfter = body(send(b, "GET", "/api/sessions/" + code + "/state", owner.token(), null));
        // No presence left behind: with every socket closed, nobody is online.
        sockets.forEach(TestSocket::close);
        long leakedAt = awaitTrue(Duration.ofSeconds(10), () -> online(a, code, owner.token()) == 0);
        long errorsUnavailable = sendersSeen.stream()
                .mapToLong(s -> s.errors
                        .getOrDefault("storage_unavailable", new AtomicLong())
                        .get())
                .sum();

        var healthSorted = healthMs.stream().sorted().toList();
        long healthMax = healthSorted.isEmpty() ? 0 : healthSorted.getLast();
        long healthP95 = healthSorted.isEmpty() ? 0 : healthSorted.get((int) Math.ceil(healthSorted.size() * 0.95) - 1);
        System.out.printf(
                "FAULT %s: sent acked=%d lost=%d, receivers missing=%d duplicates=%d (last seq %d), sends refused"
                        + " storage_unavailable=%d, joins during fault %s, phantom members=%d, sockets opened during"
                        + " fault closed with %s, tokens lost=%d, presence left=%s, recovery %d ms, /health p95 %d ms"
                        + " max %d ms (%d answers), /health/ready during the fault %s%n",
                name,
                acked,
                lost,
                missing,
                duplicates,
                lastSeq,
                errorsUnavailable,
                joins,
                phantoms,
                openedCodes,
                tokensLost,
                leakedAt > 0 ? "0" : "yes",
                recoveryMs,
                healthP95,
                healthMax,
                healthSorted.size(),
                readyAnswers);

        assertThat(lost).as("acknowledged messages lost").isZero();
        assertThat(missing).as("seqs missing on receivers").isZero();
        assertThat(duplicates).as("duplicate seqs on receivers").isZero();
        assertThat(phantoms).as("phantom members").isZero();
        assertThat(tokensLost).as("tokens that stopped working").isZero();
        assertThat(stateAfter.path("version").asLong()).as("state version").isEqualTo(1);
        assertThat(stateAfter.path("data").path("tempo").asInt()).isEqualTo(120);
        assertThat(openedCodes)
                .as("sockets opened during the fault close as the client asked, or with 1013")
                .allSatisfy(c -> assertThat(c).isIn(1000, 1013));
        assertThat(recoveryMs).as("recovery").isLessThanOrEqualTo(RECOVERY_LIMIT.toMillis());
        assertThat(healthSorted).as("/health answers sampled").hasSizeGreaterThan(20);
        assertThat(healthP95).as("/health p95").isLessThan(HEALTH_LIMIT_MS);
        assertThat(healthMax).as("slowest /health").isLessThan(HEALTH_NEVER_MS);
        switch (ready) {
            case SERVING ->
                assertThat(readyAnswers.keySet())
                        .as("/health/ready during the fault")
                        .allMatch(answer -> answer.startsWith("200 "));
            case DEGRADED ->
                assertThat(readyAnswers.keySet())
                        .as("/health/ready during the fault")
                        .allMatch(answer -> answer.startsWith("200 "))
                        .contains("200 degraded");
        }
        assertThat(send(a, "GET", "/health/ready", null, null).statusCode())
                .as("/health/ready after recovery")
                .isEqualTo(200);
    }

    // --- load and probes

    private TestSocket listen(TestSocket socket, Seen seen) {
        threads.add(Thread.ofVirtual().start(() -> {
            while (true) {
                JsonNode frame;
                try {
                    frame = socket.frames.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (frame == null) {
                    if (socket.closed.isDone() && socket.frames.isEmpty()) return;
                    continue;
                }
                switch (frame.path("type").asText()) {
                    case "message:new" ->
                        seen.seqs.add(frame.path("message").path("seq").asLong());
                    case "message:ack" -> {
                        seen.acks.put(
                                frame.path("ref").asText(),
                                frame.path("message").path("seq").asLong());
                        seen.lastAckNanos.set(System.nanoTime());
                        seen.answered.incrementAndGet();
                    }
                    case "error" -> {
                        seen.errors
                                .computeIfAbsent(frame.path("code").asText(), k -> new AtomicLong())
                                .incrementAndGet();
                        if (!frame.path("ref").isNull()) seen.answered.incrementAndGet();
                    }
                    default -> {}
                }
            }
        }));
        return socket;
    }

    /** Ten messages a second, each with its own ref and client message id. */
    private void load(TestSocket sender, int index, Seen seen) {
        threads.add(Thread.ofVirtual().start(() -> {
            for (int i = 1; running.get(); i++) {
                try {
                    seen.sent.incrementAndGet();
                    sender.send("{\"type\":\"message:send\",\"content\":\"m" + i + "\",\"ref\":\"" + i
                            + "\",\"clientMsgId\":\"s" + index + "-" + i + "\"}");
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    return; // the socket closed: the receivers' checks say what that cost
                }
            }
        }));
    }

    /** On a platform thread: the sampler's own scheduling must not count against the gateway. */
    private void sample(Service gateway, java.util.Queue<Long> answersMs) {
        threads.add(Thread.ofPlatform().daemon().start(() -> {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            // Not counted: the client's first connection and the first runs of the endpoint's code.
            for (int i = 0; i < 10; i++) {
                try {
                    HTTP.send(request, HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                    // counted below if it lasts
                }
            }
            while (running.get()) {
                try {
                    long started = System.nanoTime();
                    HTTP.send(request, HttpResponse.BodyHandlers.discarding());
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    answersMs.add(ms);
                    if (ms >= HEALTH_LIMIT_MS) {
                        System.out.printf(
                                "SLOW /health %d ms at +%d ms of the run%n", ms, (started - runStarted) / 1_000_000);
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    answersMs.add(5000L);
                }
            }
        }));
    }

    private int openAndClose(Service on, Member who) {
        var socket = TestSocket.open(on.port(), who.token(), "");
        try {
            var frame = socket.frames.poll(5, TimeUnit.SECONDS);
            if (frame != null && frame.path("type").asText().equals("welcome")) {
                socket.close();
                return 1000;
            }
            return socket.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            socket.close();
        }
    }

    /**
     * On one line, so that a build's failure summary carries it: what each socket saw, and where the gateways'
     * writer and realtime threads stand; every thread, virtual ones included, goes to a dump beside the reports.
     */
    private static String diagnosis(String name, List<Seen> senders, List<Seen> receivers) {
        var out = new StringBuilder();
        for (int s = 0; s < senders.size(); s++) {
            var seen = senders.get(s);
            out.append(String.format(
                    "s%d sent %d answered %d acks %d (highest seq %d, last %d ms ago) errors %s; ",
                    s,
                    seen.sent.get(),
                    seen.answered.get(),
                    seen.acks.size(),
                    seen.acks.values().stream().mapToLong(Long::longValue).max().orElse(0),
                    (System.nanoTime() - seen.lastAckNanos.get()) / 1_000_000,
                    seen.errors));
        }
        for (int r = 0; r < receivers.size(); r++) {
            var seqs = receivers.get(r).seqs;
            out.append(String.format("r%d saw %d, up to %d; ", r, seqs.size(), seqs.isEmpty() ? 0 : seqs.getLast()));
        }
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (!thread.getName().startsWith("huddle-message-writer")
                    && !thread.getName().startsWith("huddle-realtime")) {
                return;
            }
            var where = java.util.Arrays.stream(stack)
                    .filter(frame -> frame.getClassName().startsWith("io.huddle"))
                    .findFirst()
                    .map(StackTraceElement::toString)
                    .orElse(stack.length == 0 ? "-" : stack[0].toString());
            out.append(thread.getName())
                    .append(' ')
                    .append(thread.getState())
                    .append(" at ")
                    .append(where)
                    .append("; ");
        });
        try {
            var dump = java.nio.file.Path.of("target", "faults-" + name + "-threads.txt")
                    .toAbsolutePath();
            java.nio.file.Files.deleteIfExists(dump);
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpThreads(
                            dump.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            out.append("threads in ").append(dump);
        } catch (java.io.IOException | RuntimeException e) {
            out.append("no thread dump: ").append(e);
        }
        return out.toString();
    }

    private boolean healthy(Service on) {
        var response = send(on, "GET", "/health", null, null);
        return response.statusCode() == 200
                && body(response).path("status").asText().equals("healthy");
    }

    private int online(Service on, String code, String token) {
        var response = send(on, "GET", "/api/sessions/" + code + "/presence", token, null);
        return response.statusCode() == 200 ? body(response).path("online").asInt() : -1;
    }

    /** seq -> clientMsgId of every message in the log. */
    private Map<Long, String> history(Service on, String code, String token) {
        var found = new HashMap<Long, String>();
        long after = 0;
        while (true) {
            var page =
                    body(send(on, "GET", "/api/sessions/" + code + "/messages?limit=100&after=" + after, token, null));
            for (var message : page.path("messages")) {
                after = message.path("seq").asLong();
                found.put(after, message.path("clientMsgId").asText());
            }
            if (!page.path("hasMore").asBoolean()) return found;
        }
    }

    private static long awaitTrue(Duration limit, BooleanSupplier condition) throws InterruptedException {
        return awaitTrue(limit, condition, () -> "");
    }

    private static long awaitTrue(Duration limit, BooleanSupplier condition, Supplier<String> whyNot)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) return System.nanoTime();
            } catch (RuntimeException | AssertionError e) {
                // not yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within " + limit + " " + whyNot.get());
    }

    // --- set-up

    private void flushAll() {
        try (var jedis = new Jedis("127.0.0.1", redis.port())) {
            jedis.flushAll();
        }
    }

    private void startPostgres() {
        var server = TestPostgres.server();
        // The first start binds a port of its own choosing (0); a restart comes back on that port, where the
        // gateways look for PostgreSQL.
        postgres = TcpProxy.start(postgresPort, server.host(), server.port());
        postgresPort = postgres.port();
    }

    private Service gateway(String name) {
        return gateway(name, Map.of());
    }

    /** A gateway with {@code settings} over the defaults here (every rate limit off). */
    private Service gateway(String name, Map<String, String> settings) {
        var env = new HashMap<String, String>();
        env.put("PORT", "0");
        env.put("REDIS_URL", redis.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", "faults");
        var server = TestPostgres.server();
        env.put(
                "DATABASE_URL",
                server.jdbcUrlVia("127.0.0.1", postgresPort) + (server.jdbcUrl().contains("?") ? "&" : "?") + "user="
                        + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_AUTH_MODE", "open");
        env.put("HUDDLE_INSTANCE_ID", name + "-" + UUID.randomUUID());
        env.put("LOG_LEVEL", "WARN");
        for (var tier : List.of("MESSAGE", "MESSAGE_IP", "BURST", "CONNECT", "JOIN", "JOIN_FAIL", "API", "STRICT")) {
            env.put("RATE_LIMIT_" + tier, "off");
        }
        env.putAll(settings);
        var gateway = Gateway.start(GatewayConfig.from(new Env(env)), InstantSource.system());
        gateways.add(gateway);
        return gateway;
    }

    private Member joined(Service on, String code, String name) {
        var response =
                send(on, "POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"" + name + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return member(body(response));
    }

    private TestSocket welcomed(Service on, Member who) {
        var socket = TestSocket.open(on.port(), who.token(), "");
        sockets.add(socket);
        assertThat(socket.next().path("type").asText()).isEqualTo("welcome");
        return socket;
    }

    private static Member member(JsonNode body) {
        return new Member(
                body.path("session").path("code").asText(),
                body.path("member").path("id").asText(),
                body.path("member").path("token").asText());
    }
}
