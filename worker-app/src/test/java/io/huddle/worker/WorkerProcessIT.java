package io.huddle.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.testkit.AppProcess;
import io.huddle.testkit.Poll;
import io.huddle.testkit.PostgresSchema;
import io.huddle.testkit.RedisPrefix;
import io.huddle.testkit.TestPostgres;
import io.huddle.testkit.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The worker jar as an operator runs it. */
class WorkerProcessIT {
    private static final Path JAR = Path.of("target", "huddle-worker.jar");
    private static final HttpClient http = HttpClient.newHttpClient();

    @RegisterExtension
    static final PostgresSchema db = TestPostgres.freshSchema();

    @RegisterExtension
    static final RedisPrefix redis = TestRedis.freshPrefix();

    private static HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void worker_starts_reports_its_dependencies_and_stops_on_sigterm_with_code_0() {
        var env = Map.of(
                "PORT",
                "0",
                "REDIS_URL",
                redis.url().toString(),
                "HUDDLE_REDIS_KEY_PREFIX",
                redis.prefix(),
                "HUDDLE_WORKER_INTERVAL",
                "200ms",
                "DATABASE_URL",
                db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password() + "&currentSchema=" + db.schema());
        try (var app = AppProcess.start(JAR, env)) {
            int port = app.listeningPort(Duration.ofSeconds(30));
            Poll.until(Duration.ofSeconds(30), "the worker is healthy", () -> {
                var response = get(port, "/health");
                return response != null
                        && response.statusCode() == 200
                        && response.body().contains("\"healthy\"");
            });
            assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
            // A load balancer or probe that asks with HEAD hears what GET would say, without the body.
            var head = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .HEAD()
                    .build());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(head.body()).isEmpty();
            assertThat(get(port, "/metrics").body()).contains("jvm_memory_used_bytes", "hikaricp_connections");
            Poll.until(Duration.ofSeconds(30), "every job has run", () -> {
                var metrics = get(port, "/metrics").body();
                return Stream.of("expire", "inactivity", "idle-members", "ghost-presence")
                        .allMatch(job ->
                                metrics.contains("huddle_worker_job_seconds_count{application=\"huddle-worker\",job=\""
                                        + job + "\",outcome=\"success\"} "));
            });
            assertThat(get(port, "/metrics").body())
                    .contains("huddle_worker_items_total{", "huddle_worker_last_success_seconds{")
                    .doesNotContain("outcome=\"failure\"} 1");
            app.terminate();
            assertThat(app.exitCode(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void a_bad_worker_setting_stops_the_worker_with_exit_code_2_and_one_line() {
        try (var app = AppProcess.start(JAR, Map.of("HUDDLE_WORKER_BATCH_SIZE", "lots"))) {
            assertThat(app.exitCode(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(app.stderr())
                    .containsExactly("HUDDLE_WORKER_BATCH_SIZE: \"lots\" is not a whole number from 1 to 10000");
        }
    }

    @Test
    void a_port_in_use_stops_the_worker_with_exit_code_2_and_one_line() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
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
    void a_bad_setting_stops_the_worker_with_exit_code_2_and_one_line() {
        try (var app = AppProcess.start(JAR, Map.of("PORT", "eighty"))) {
            assertThat(app.exitCode(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(app.stderr()).containsExactly("PORT: \"eighty\" is not a whole number from 0 to 65535");
        }
    }
}
