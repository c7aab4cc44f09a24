package io.huddle.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.huddle.domain.member.Leaving;
import io.huddle.domain.session.EndReason;
import io.huddle.runtime.webhook.WebhookSignature;
import io.huddle.testkit.AppProcess;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks survive a bad receiver and a killed worker (issue 15's fault test): the receiver here fails its
 * first requests, answers slowly, is down for a while, and holds one delivery while the worker process is
 * killed (SIGKILL). Every event the outbox holds arrives, each session's in order, every signature verifies
 * with the recipe of docs/api.md, and an event arrives twice only under its one id.
 */
class WebhooksIT {
    private static final Path JAR = Path.of("target", "huddle-worker.jar");
    private static final String SECRET = "webhook-secret-of-the-fault-test-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    /** One request as it arrived. */
    record Arrival(String eventId, String type, String timestamp, String signature, String body) {}

    /** A receiver the test steers: failing, slow, down, or holding one request. */
    static final class Receiver {
        /**
         * The system picks it at the first {@link #up()} (port 0), so no other process can take it between its
         * being found free and bound; later ones come back on it, where the worker sends.
         */
        int port;

        final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        final AtomicInteger failNext = new AtomicInteger();
        volatile CountDownLatch hold;
        final CountDownLatch held = new CountDownLatch(1);
        volatile String heldId;
        private HttpServer server;

        void up() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            port = server.getAddress().getPort();
            server.createContext("/hook", this::handle);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        }

        void down() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            var headers = exchange.getRequestHeaders();
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            arrivals.add(new Arrival(
                    headers.getFirst(WebhookSignature.ID_HEADER),
                    headers.getFirst(WebhookSignature.TYPE_HEADER),
                    headers.getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    headers.getFirst(WebhookSignature.SIGNATURE_HEADER),
                    body));
            var holding = hold;
            if (holding != null) {
                hold = null;
                heldId = headers.getFirst(WebhookSignature.ID_HEADER);
                held.countDown();
                try {
                    holding.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            sleep(30); // every answer takes a while
            try {
                exchange.sendResponseHeaders(status, -1);
            } catch (IOException e) {
                // the worker that sent it is gone: its answer goes nowhere
            }
            exchange.close();
        }
    }

    private static AppProcess worker(int port) {
        var env = new HashMap<String, String>();
        env.put("PORT", "0"); // the test never calls it: any port the system picks
        env.put("REDIS_URL", redis.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", redis.prefix());
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_WEBHOOK_URL", "http://127.0.0.1:" + port + "/hook");
        env.put("HUDDLE_WEBHOOK_SECRET", SECRET);
        env.put("HUDDLE_WEBHOOK_MIN_BACKOFF", "100ms");
        env.put("HUDDLE_WEBHOOK_MAX_BACKOFF", "800ms");
        env.put("HUDDLE_WEBHOOK_TIMEOUT", "1s");
        env.put("HUDDLE_WEBHOOK_INTERVAL", "50ms");
        env.put("LOG_LEVEL", "WARN");
        return AppProcess.start(JAR, env);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(String what, Duration limit, BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + limit + ": " + what);
            sleep(50);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    private static LinkedHashSet<String> arrivedIds(Receiver receiver) {
        var ids = new LinkedHashSet<String>();
        receiver.arrivals.forEach(a -> ids.add(a.eventId()));
        return ids;
    }

    @Test
    void every_event_arrives_in_order_and_signed_across_failures_an_outage_and_a_killed_worker() throws Exception {
        var receiver = new Receiver();
        receiver.up();
        receiver.failNext.set(3);
        var settings = Map.of("HUDDLE_WEBHOOK_URL", "http://127.0.0.1:" + receiver.port + "/hook");
        try (var fleet = new Fleet(db, redis, settings)) {
            var first = worker(receiver.port);
            try {
                // Failing first, then slow: a session with members who leave, are kicked, and one that ends.
                var one = fleet.created(Duration.ofHours(1)).session().session().code();
                var two = fleet.created(Duration.ofHours(1)).session().session().code();
                var ann = fleet.joined(one, "Ann").member().id();
                var bob = fleet.joined(one, "Bob").member().id();
                fleet.stores.members().remove(one, ann, Leaving.LEFT);
                fleet.stores.members().remove(one, bob, Leaving.KICKED);
                fleet.useCases().endSession().handle(two, EndReason.OWNER);
                await(
                        "the first events",
                        Duration.ofSeconds(30),
                        () -> arrivedIds(receiver).size() >= 9);

                // Down for two seconds while more happens.
                receiver.down();
                var three =
                        fleet.created(Duration.ofHours(1)).session().session().code();
                fleet.joined(three, "Cid");
                sleep(2000);
                receiver.up();
                await(
                        "the events made while it was down",
                        Duration.ofSeconds(30),
                        () -> arrivedIds(receiver).size() >= 12);

                // Held while the worker is killed mid-delivery.
                var release = new CountDownLatch(1);
                receiver.hold = release;
                fleet.joined(three, "Dan");
                assertThat(receiver.held.await(20, TimeUnit.SECONDS))
                        .as("a delivery is under way")
                        .isTrue();
                first.close(); // SIGKILL, by its own process id
                release.countDown();
            } finally {
                first.close();
            }
            try (var second = worker(receiver.port)) {
                await(
                        "every event of the outbox delivered",
                        Duration.ofSeconds(40),
                        () -> Sql.count(db, "SELECT count(*) FROM webhook_outbox WHERE status <> 'delivered'") == 0
                                && arrivedIds(receiver)
                                        .containsAll(Sql.strings(db, "SELECT event_id FROM webhook_outbox")));
            }

            var outbox = Sql.strings(db, "SELECT event_id FROM webhook_outbox ORDER BY id");
            assertThat(outbox).hasSize(13);
            assertThat(arrivedIds(receiver)).containsExactlyInAnyOrderElementsOf(outbox);

            // The failures and the killed delivery were real: the held event came again, under its id.
            assertThat(receiver.arrivals)
                    .filteredOn(a -> a.eventId().equals(receiver.heldId))
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(receiver.arrivals.size()).isGreaterThanOrEqualTo(outbox.size() + 3 + 1);

            // Every request, duplicates included, is signed as docs/api.md says a receiver checks it.
            byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
            for (var arrival : receiver.arrivals) {
                assertThat(arrival.signature())
                        .as(arrival.eventId())
                        .isEqualTo("v1=" + WebhookSignature.hmac(key, arrival.timestamp() + "." + arrival.body()));
                var body = json(arrival.body());
                assertThat(body.path("id").asText()).isEqualTo(arrival.eventId());
                assertThat(body.path("type").asText()).isEqualTo(arrival.type());
            }
            // A duplicate is the same event: same id, same body.
            var bodies = new HashMap<String, String>();
            for (var arrival : receiver.arrivals) {
                assertThat(bodies.putIfAbsent(arrival.eventId(), arrival.body()))
                        .isIn(null, arrival.body());
            }

            // Each session's events first arrived in the order they happened.
            var bySession = new LinkedHashMap<String, List<String>>();
            for (var id : arrivedIds(receiver)) {
                var body = json(bodies.get(id));
                bySession
                        .computeIfAbsent(body.path("sessionCode").asText(), s -> new ArrayList<>())
                        .add(id);
            }
            for (var entry : bySession.entrySet()) {
                var happened = Sql.strings(
                        db,
                        "SELECT event_id FROM webhook_outbox WHERE session_code = '" + entry.getKey()
                                + "' ORDER BY id");
                assertThat(entry.getValue()).as(entry.getKey()).containsExactlyElementsOf(happened);
            }

            var reported = new ArrayList<String>();
            for (var id : outbox) {
                var body = json(bodies.get(id));
                var reason = body.path("data").path("reason").asText("");
                reported.add(body.path("type").asText() + (reason.isEmpty() ? "" : " " + reason));
            }
            assertThat(reported)
                    .containsExactlyInAnyOrder(
                            "session.created",
                            "member.joined",
                            "session.created",
                            "member.joined",
                            "member.joined",
                            "member.joined",
                            "member.left left",
                            "member.left kicked",
                            "session.ended owner",
                            "session.created",
                            "member.joined",
                            "member.joined",
                            "member.joined");
        } finally {
            receiver.down();
        }
    }
}
