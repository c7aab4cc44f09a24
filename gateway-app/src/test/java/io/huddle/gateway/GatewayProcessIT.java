package io.huddle.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huddle.testkit.AppProcess;
import io.huddle.testkit.FakeRedis;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway jar as an operator runs it: settings from the environment, real Redis and PostgreSQL, SIGTERM. */
class GatewayProcessIT {
    private static final Path JAR = Path.of("target", "huddle-gateway.jar");
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    static Map<String, String> connectedEnv(int port) {
        var env = new HashMap<String, String>();
        env.put("PORT", String.valueOf(port));
        env.put("REDIS_URL", redis.url().toString());
        env.put("HUDDLE_REDIS_KEY_PREFIX", redis.prefix());
        env.put(
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        env.put("HUDDLE_JWT_SECRET", "process-test-secret-0123456789abcdef");
        return env;
    }

    static HttpResponse<String> get(int port, String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The port of a process started with {@code PORT=0}, once it answers {@code /health/ready} with 200. Its
     * start-up line says the port (every warning of the start comes before that line), so a test that looks at
     * what the process said has it too. A port found free beforehand could be taken by another process before
     * the gateway bound it, and a server that took it would answer in its stead.
     */
    static int awaitReady(AppProcess app) {
        int port = app.listeningPort(Duration.ofSeconds(30));
        Poll.until(Duration.ofSeconds(30), "the process answers /health/ready with 200", () -> {
            assertThat(app.isAlive())
                    .as("process alive; stderr: %s", app.stderr())
                    .isTrue();
            var response = get(port, "/health/ready");
            return response != null && response.statusCode() == 200;
        });
        return port;
    }

    @Test
    void connected_gateway_reports_redis_postgres_and_pubsub_up_with_latencies() throws Exception {
        try (var app = AppProcess.start(JAR, connectedEnv(0))) {
            int port = awaitReady(app);
            Poll.until(Duration.ofSeconds(20), "every dependency is up", () -> {
                var body = get(port, "/health");
                return body != null && body.statusCode() == 200 && body.body().contains("\"status\":\"healthy\"");
            });
            JsonNode health = json.readTree(get(port, "/health").body());
            for (String dependency : new String[] {"redis", "postgres", "pubsub"}) {
                assertThat(health.path("checks").path(dependency).path("status").asText())
                        .isEqualTo("up");
                assertThat(health.path("checks")
                                .path(dependency)
                                .path("latencyMs")
                                .isNumber())
                        .isTrue();
            }
            assertThat(health.path("instance").asText()).isNotBlank();
            assertThat(get(port, "/health").body())
                    .doesNotContain(db.password().isEmpty() ? "password" : db.password());
        }
    }

    @Test
    void metrics_have_jvm_http_and_hikari_series() {
        try (var app = AppProcess.start(JAR, connectedEnv(0))) {
            int port = awaitReady(app);
            get(port, "/ping");
            Poll.until(
                    Duration.ofSeconds(20),
                    "the pool has opened",
                    () -> get(port, "/metrics").body().contains("hikaricp_connections"));
            String metrics = get(port, "/metrics").body();
            assertThat(metrics).contains("jvm_memory_used_bytes", "process_cpu_usage", "http_server_requests");
            assertThat(metrics).contains("hikaricp_connections_active");
            assertThat(metrics).contains("redis_pool_active");
        }
    }

    @Test
    void logs_are_one_json_object_a_line_with_the_protocol_fields() throws Exception {
        try (var app = AppProcess.start(JAR, connectedEnv(0))) {
            int port = awaitReady(app);
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                    .header("X-Correlation-Id", "trace-42")
                    .build();
            http.send(request, HttpResponse.BodyHandlers.ofString());
            Poll.until(
                    Duration.ofSeconds(5),
                    "the request is logged",
                    () -> app.stdout().stream().anyMatch(line -> line.contains("trace-42")));
            for (String line : app.stdout()) {
                JsonNode entry = json.readTree(line);
                assertThat(entry.has("timestamp") && entry.has("level") && entry.has("logger") && entry.has("message"))
                        .as(line)
                        .isTrue();
                assertThat(entry.path("instance").asText()).as(line).isNotBlank();
            }
            var requestLine = json.readTree(app.stdout().stream()
                    .filter(line -> line.contains("trace-42"))
                    .findFirst()
                    .orElseThrow());
            assertThat(requestLine.path("correlationId").asText()).isEqualTo("trace-42");
            assertThat(requestLine.path("path").asText()).isEqualTo("/ping");
            assertThat(requestLine.path("status").asInt()).isEqualTo(200);
            // The application logs through System.Logger; the bridge in the jar routes it to the JSON encoder,
            // not to java.util.logging's console handler on stderr.
            var bridged = json.readTree(app.stdout().stream()
                    .filter(line -> line.contains("\"logger\":\"io.huddle.application.limit.CheckLimits\""))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no CheckLimits line in " + app.stdout())));
            assertThat(bridged.path("level").asText()).isEqualTo("INFO");
            assertThat(bridged.path("message").asText()).startsWith("rate limits: message ");
            assertThat(bridged.path("instance").asText()).isNotBlank();
            assertThat(app.stderr()).noneMatch(line -> line.contains("CheckLimits") || line.contains("rate limits"));
        }
    }

    @Test
    void sigterm_drains_and_exits_with_code_0_within_30_seconds() {
        try (var app = AppProcess.start(JAR, connectedEnv(0))) {
            int port = awaitReady(app);
            app.terminate();
            assertThat(app.exitCode(Duration.ofSeconds(30))).isZero();
            assertThat(String.join("\n", app.stdout()))
                    .as("stderr: %s", app.stderr())
                    .contains("draining before exit", "stopped");
            assertThat(get(port, "/ping")).as("nothing listens any more").isNull();
        }
    }

    @Test
    void embedded_mode_starts_ready_with_one_warning_line() {
        try (var app = AppProcess.start(JAR, Map.of("PORT", "0"))) {
            int port = awaitReady(app);
            assertThat(get(port, "/health/ready").body()).contains("\"status\":\"ready\"");
            var warnings = app.stdout().stream()
                    .filter(line -> line.contains("WARN") && line.contains("Embedded development mode"))
                    .toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.getFirst()).contains("auth is open");
        }
    }

    @Test
    void embedded_mode_listens_on_loopback_only_and_says_so_in_its_start_up_line() throws Exception {
        try (var app = AppProcess.start(JAR, Map.of("PORT", "0"))) {
            int port = awaitReady(app);

            assertThat(app.stdout())
                    .anyMatch(line -> line.contains("INFO")
                            && line.contains("listening on 127.0.0.1:" + port
                                    + " (embedded mode, auth open, allowed origins *)"));
            assertThat(accepts("127.0.0.2", port))
                    .as("another loopback address than the one bound")
                    .isFalse();
        }
    }

    @Test
    void host_opens_the_port_to_other_addresses() throws Exception {
        try (var app = AppProcess.start(JAR, Map.of("PORT", "0", "HOST", "0.0.0.0"))) {
            int port = awaitReady(app);

            assertThat(accepts("127.0.0.2", port)).isTrue();
            assertThat(app.stdout()).anyMatch(line -> line.contains("listening on 0.0.0.0:" + port));
        }
    }

    @Test
    void a_port_in_use_stops_the_gateway_with_exit_code_2_and_one_line() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            try (var app = AppProcess.start(JAR, Map.of("PORT", String.valueOf(port)))) {
                assertThat(app.exitCode(Duration.ofSeconds(30))).isEqualTo(2);
                assertThat(app.stderr())
                        .containsExactly("PORT: " + port + " on HOST 127.0.0.1 is already in use by another process;"
                                + " stop that process or set PORT to a free port");
            }
        }
    }

    @Test
    void a_host_that_is_no_address_stops_the_gateway_with_exit_code_2_and_one_line_naming_host() {
        try (var app = AppProcess.start(JAR, Map.of("HOST", "not..a..host", "PORT", "4290"))) {
            assertThat(app.exitCode(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(app.stderr()).singleElement().asString().startsWith("HOST: \"not..a..host\" is not an address");
        }
    }

    @Test
    void an_address_this_machine_does_not_have_stops_the_gateway_with_exit_code_2_and_one_line() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): a valid address no machine of ours holds.
        try (var app = AppProcess.start(JAR, Map.of("HOST", "192.0.2.1", "PORT", "4291"))) {
            assertThat(app.exitCode(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(app.stderr())
                    .singleElement()
                    .asString()
                    .startsWith("HOST: 192.0.2.1 is not an address of this machine, so ")
                    .contains("PORT 4291");
        }
    }

    @Test
    void connected_mode_without_allowed_origins_warns_once_that_browsers_will_be_refused() {
        try (var app = AppProcess.start(JAR, connectedEnv(0))) {
            int port = awaitReady(app);

            assertThat(app.stdout().stream()
                            .filter(line ->
                                    line.contains("\"WARN\"") && line.contains("HUDDLE_ALLOWED_ORIGINS is not set"))
                            .count())
                    .isEqualTo(1);
            assertThat(app.stdout())
                    .anyMatch(line -> line.contains(
                            "listening on 0.0.0.0:" + port + " (connected mode, auth jwt, allowed origins none)"));
        }
    }

    private static boolean accepts(String address, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void the_token_command_mints_a_user_token_that_a_connected_gateway_accepts() throws Exception {
        var env = connectedEnv(0);
        String token;
        try (var mint = AppProcess.start(
                JAR,
                Map.of("HUDDLE_JWT_SECRET", env.get("HUDDLE_JWT_SECRET")),
                List.of("token", "--sub", "alice", "--ttl", "1h"))) {
            assertThat(mint.exitCode(Duration.ofSeconds(30)))
                    .as("stderr: %s", mint.stderr())
                    .isZero();
            assertThat(mint.stdout()).hasSize(1);
            token = mint.stdout().getFirst();
        }
        try (var app = AppProcess.start(JAR, env)) {
            int port = awaitReady(app);
            var created = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sessions"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"First try\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(json.readTree(created.body())
                            .path("session")
                            .path("ownerId")
                            .asText())
                    .isEqualTo("alice");
        }
    }

    @Test
    void a_bad_setting_stops_the_process_with_exit_code_2_and_one_line() {
        try (var app = AppProcess.start(JAR, Map.of("HUDDLE_INACTIVITY_TIMEOUT", "abc"))) {
            assertThat(app.exitCode(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(app.stderr())
                    .containsExactly("HUDDLE_INACTIVITY_TIMEOUT: \"abc\" is not a duration; use e.g. 15m, 60s, 500ms");
        }
    }

    @Test
    void jwt_mode_without_a_key_refuses_to_start() {
        var env = connectedEnv(0);
        env.remove("HUDDLE_JWT_SECRET");
        try (var app = AppProcess.start(JAR, env)) {
            assertThat(app.exitCode(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(app.stderr()).hasSize(1);
            assertThat(app.stderr().getFirst()).startsWith("HUDDLE_AUTH_MODE: ");
        }
    }

    @Test
    void a_redis_older_than_7_stops_start_up_with_one_line_naming_the_minimum() {
        try (var old = FakeRedis.ofVersion("6.2.6")) {
            var env = connectedEnv(0);
            env.put("REDIS_URL", old.url().toString());
            try (var app = AppProcess.start(JAR, env)) {
                assertThat(app.exitCode(Duration.ofSeconds(30))).isEqualTo(2);
                assertThat(app.stderr())
                        .containsExactly("REDIS_URL: redis://127.0.0.1:"
                                + old.url().getPort() + " is Redis 6.2.6; Huddle needs Redis 7.0 or newer");
            }
        }
    }
}
