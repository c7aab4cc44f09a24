package io.huddle.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huddle.testkit.AppProcess;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * A real load balancer: nginx proxies HTTP and WebSocket upgrades, round robin and without
 * stickiness, to two gateway processes (the built jar) on one Redis and one PostgreSQL. Clients that
 * land on different instances exchange messages, presence and state as if on one server.
 */
class LoadBalancerIT {
    private static final Path JAR = Path.of("target", "huddle-gateway.jar");
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private static RedisClient admin;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<TestSocket> sockets = new ArrayList<>();

    @BeforeAll
    static void connect() {
        admin = RedisClient.create(redis.url());
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @AfterEach
    void stop() throws Exception {
        sockets.forEach(TestSocket::close);
        for (var thing : running.reversed()) thing.close();
    }

    private static Map<String, String> env(int port, String instanceId) {
        var env = new HashMap<String, String>();
        env.put("PORT", String.valueOf(port));
        env.put("REDIS_URL", redis.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", redis.prefix());
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_AUTH_MODE", "open");
        env.put("HUDDLE_INSTANCE_ID", instanceId);
        env.put("HUDDLE_TRUSTED_PROXIES", "127.0.0.1/32");
        for (var tier : List.of("MESSAGE", "MESSAGE_IP", "BURST", "CONNECT", "JOIN", "JOIN_FAIL", "API", "STRICT")) {
            env.put("RATE_LIMIT_" + tier, "off");
        }
        return env;
    }

    private HttpResponse<String> send(int port, String method, String path, String token, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode body(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    record Member(String code, String id, String token) {}

    @Test
    void clients_on_different_instances_behind_nginx_exchange_messages_presence_and_state() {
        var instances = List.of("lb-a-" + UUID.randomUUID(), "lb-b-" + UUID.randomUUID());
        var ports = new ArrayList<Integer>();
        for (var instance : instances) {
            var app = AppProcess.start(JAR, env(0, instance));
            running.add(app);
            int port = app.listeningPort(Duration.ofSeconds(40));
            ports.add(port);
            Poll.until(Duration.ofSeconds(40), "gateway " + instance + " is ready; stderr: " + app.stderr(), () -> {
                var ready = send(port, "GET", "/health/ready", null, null);
                return ready != null && ready.statusCode() == 200;
            });
        }
        var nginx = Nginx.start(ports);
        running.add(nginx);
        int lb = nginx.port;

        var created = send(lb, "POST", "/api/sessions", null, "{\"name\":\"Behind nginx\"}");
        assertThat(created.statusCode()).as(created.body() + nginx.errorLog()).isEqualTo(201);
        var owner = member(body(created));

        // Round robin, no stickiness: consecutive upgrades go to alternate instances; the presence store says where.
        var members = new ArrayList<Member>();
        for (int i = 0; i < 4; i++) {
            var joined = send(
                    lb, "POST", "/api/sessions/" + owner.code() + "/members", null, "{\"displayName\":\"M" + i + "\"}");
            assertThat(joined.statusCode()).as(joined.body()).isEqualTo(201);
            members.add(member(body(joined)));
        }
        var welcomed = new ArrayList<TestSocket>();
        for (var member : members) {
            var socket = TestSocket.open(lb, member.token(), "");
            sockets.add(socket);
            assertThat(socket.next().path("type").asText()).isEqualTo("welcome");
            welcomed.add(socket);
        }
        assertThat(instancesOf(owner.code()))
                .as("instances holding the session's sockets")
                .containsExactlyInAnyOrderElementsOf(instances);

        var presenceKey = redis.prefix() + ":{" + owner.code() + "}:presence";
        var byInstance = admin.hgetAll(presenceKey);
        int onA = -1;
        int onB = -1;
        for (int i = 0; i < members.size(); i++) {
            var memberId = members.get(i).id();
            for (var value : byInstance.values()) {
                if (value.startsWith(memberId + "|" + instances.get(0))) onA = i;
                if (value.startsWith(memberId + "|" + instances.get(1))) onB = i;
            }
        }
        var senderSocket = welcomed.get(onA);
        var receiverSocket = welcomed.get(onB);

        // A message from instance A reaches instance B; the sender gets its ack.
        senderSocket.send("{\"type\":\"message:send\",\"content\":\"across the balancer\",\"ref\":\"lb\"}");
        var ack = senderSocket.next("message:ack");
        var received = receiverSocket.next("message:new");
        assertThat(received.path("message")).isEqualTo(ack.path("message"));
        assertThat(received.path("message").path("content").asText()).isEqualTo("across the balancer");

        // State written on B is shown on A.
        receiverSocket.send("{\"type\":\"state:update\",\"data\":{\"slide\":3},\"ref\":\"st\"}");
        var stateAck = receiverSocket.next("state:ack");
        var updated = senderSocket.next("state:updated");
        assertThat(updated.path("state").path("version").asLong())
                .isEqualTo(stateAck.path("version").asLong());

        // Presence: the owner comes online through the balancer; both instances' sockets hear of it.
        var ownerSocket = TestSocket.open(lb, owner.token(), "");
        sockets.add(ownerSocket);
        assertThat(ownerSocket.next().path("type").asText()).isEqualTo("welcome");
        for (var socket : List.of(senderSocket, receiverSocket)) {
            var online = socket.next(f -> f.path("type").asText().equals("presence")
                    && f.path("event").asText().equals("online")
                    && f.path("member").path("id").asText().equals(owner.id()));
            assertThat(online.path("total").asInt()).isEqualTo(members.size() + 1);
        }
        var presence = body(send(lb, "GET", "/api/sessions/" + owner.code() + "/presence", owner.token(), null));
        assertThat(presence.path("online").asInt()).isEqualTo(members.size() + 1);
    }

    @Test
    void a_forged_x_forwarded_for_sent_through_nginx_does_not_change_whose_limit_a_request_counts_against() {
        // nginx connects to the gateway from 127.0.0.2, the only trusted proxy; the client is 127.0.0.1.
        var env = env(0, "lb-xff-" + UUID.randomUUID());
        env.put("HUDDLE_TRUSTED_PROXIES", "127.0.0.2/32");
        env.put("RATE_LIMIT_API", "3/60s");
        var app = AppProcess.start(JAR, env);
        running.add(app);
        int port = app.listeningPort(Duration.ofSeconds(40));
        Poll.until(Duration.ofSeconds(40), "gateway is ready; stderr: " + app.stderr(), () -> {
            var ready = send(port, "GET", "/health/ready", null, null);
            return ready != null && ready.statusCode() == 200;
        });
        var nginx = Nginx.start(List.of(port), Optional.of("127.0.0.2"));
        running.add(nginx);

        var answers = new ArrayList<HttpResponse<String>>();
        for (var forged : List.of("198.51.100.1", "198.51.100.2, 127.0.0.2", "10.0.0.1", "198.51.100.4")) {
            answers.add(sendWith(nginx.port, "/api/sessions", "X-Forwarded-For", forged));
        }

        assertThat(answers.subList(0, 3))
                .as("three requests of one client, whatever each claimed to be")
                .allSatisfy(r -> assertThat(r.statusCode())
                        .as(r.body() + nginx.errorLog())
                        .isEqualTo(401));
        var fourth = answers.get(3);
        assertThat(fourth.statusCode()).as(fourth.body()).isEqualTo(429);
        assertThat(body(fourth).path("tier").asText()).isEqualTo("api");
        assertThat(fourth.headers().firstValue("RateLimit-Limit")).contains("3");
    }

    private HttpResponse<String> sendWith(int port, String path, String header, String value) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header(header, value)
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Member member(JsonNode body) {
        return new Member(
                body.path("session").path("code").asText(),
                body.path("member").path("id").asText(),
                body.path("member").path("token").asText());
    }

    /** The instance ids under which the session's sockets are registered in Redis. */
    private static Set<String> instancesOf(String code) {
        var sockets = admin.hgetAll(redis.prefix() + ":{" + code + "}:presence");
        var instances = new HashSet<String>();
        for (var value : sockets.values()) instances.add(value.substring(value.indexOf('|') + 1));
        return instances;
    }
}
