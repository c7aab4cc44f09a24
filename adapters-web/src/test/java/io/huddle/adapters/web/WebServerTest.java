package io.huddle.adapters.web;

import static io.huddle.adapters.web.Http.get;
import static io.huddle.adapters.web.Http.json;
import static io.huddle.adapters.web.Http.postJson;
import static io.huddle.adapters.web.Http.request;
import static io.huddle.adapters.web.Http.send;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.application.health.CheckHealth;
import io.huddle.application.health.FakeProbe;
import io.huddle.domain.health.ProbeResult;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

class WebServerTest {
    static final FakeProbe redis = new FakeProbe("redis", ProbeResult.up(Duration.ofMillis(3)));
    static final FakeProbe postgres = new FakeProbe("postgres", ProbeResult.disabled());
    static final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    static WebServer server;
    static int port;
    static int managementPort;

    final CapturedLogs logs = new CapturedLogs();

    @BeforeAll
    static void start() {
        var settings = WebSettings.of(0, "1.2.3", "test-instance")
                .withManagementPort(0)
                .withAllowedOrigins(List.of("https://app.example"));
        server = WebServer.create(
                        settings,
                        new CheckHealth(List.of(redis, postgres)),
                        registry,
                        List.of(new TestRoutes()),
                        Duration.ZERO)
                .start();
        port = server.port();
        managementPort = server.managementPort().orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger("huddle")).addAppender(logs);
        redis.result.set(ProbeResult.up(Duration.ofMillis(3)));
        postgres.result.set(ProbeResult.disabled());
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger("huddle")).detachAppender(logs);
    }

    // --- operations endpoints

    @Test
    void ping_answers_pong_as_text() {
        var response = get(port, "/ping");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("pong");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    }

    @Test
    void liveness_reports_alive_and_uptime_without_asking_any_dependency() {
        int before = redis.calls.get();
        var body = json(get(port, "/health/live"));
        assertThat(body.get("status").asText()).isEqualTo("alive");
        assertThat(body.get("uptimeSeconds").isIntegralNumber()).isTrue();
        assertThat(redis.calls.get()).isEqualTo(before);
    }

    @Test
    void readiness_is_ready_with_the_checks_when_dependencies_are_up() {
        var response = get(port, "/health/ready");
        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("ready");
        assertThat(body.at("/checks/redis/status").asText()).isEqualTo("up");
        assertThat(body.at("/checks/postgres/status").asText()).isEqualTo("disabled");
    }

    @Test
    void readiness_stays_200_degraded_while_postgres_is_down() {
        postgres.result.set(ProbeResult.down(Duration.ofMillis(5), "connection refused"));
        for (int i = 0; i < 2; i++) {
            var response = get(port, "/health/ready");
            assertThat(response.statusCode()).isEqualTo(200);
            var body = json(response);
            assertThat(body.get("status").asText()).isEqualTo("degraded");
            assertThat(body.at("/checks/postgres/status").asText()).isEqualTo("down");
            assertThat(body.has("reason")).isFalse();
        }
    }

    @Test
    void readiness_stays_200_degraded_even_with_every_dependency_down() {
        redis.result.set(ProbeResult.down(Duration.ofMillis(1000), "timed out"));
        var response = get(port, "/health/ready");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("degraded");
    }

    @Test
    void deep_health_reports_each_dependency_version_and_instance() {
        var response = get(port, "/health");
        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("healthy");
        assertThat(body.at("/checks/redis/status").asText()).isEqualTo("up");
        assertThat(body.at("/checks/redis/latencyMs").asLong()).isEqualTo(3);
        assertThat(body.at("/checks/postgres/status").asText()).isEqualTo("disabled");
        assertThat(body.at("/checks/postgres/latencyMs").isMissingNode()).isTrue();
        assertThat(body.get("version").asText()).isEqualTo("1.2.3");
        assertThat(body.get("instance").asText()).isEqualTo("test-instance");
    }

    @Test
    void deep_health_is_503_unhealthy_when_every_enabled_dependency_is_down() {
        redis.result.set(ProbeResult.down(Duration.ofMillis(1000), "timed out"));
        var response = get(port, "/health");
        assertThat(response.statusCode()).isEqualTo(503);
        var body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("unhealthy");
        assertThat(body.at("/checks/redis/status").asText()).isEqualTo("down");
        assertThat(body.at("/checks/redis/reason").asText()).isEqualTo("timed out");
    }

    @Test
    void deep_health_is_degraded_but_200_when_some_dependency_is_down() {
        postgres.result.set(ProbeResult.down(Duration.ofMillis(5), "connection refused"));
        var response = get(port, "/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("degraded");
    }

    @Test
    void metrics_are_prometheus_text_with_request_timers_by_route_template() {
        get(port, "/api/test/items/K7M2QX");
        get(port, "/api/test/items/ABCDEF");
        get(port, "/no/such/route/XYZ123");
        var response = get(port, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\","
                        + "route=\"/api/test/items/{id}\",status=\"200\"}")
                .contains("route=\"NOT_FOUND\",status=\"404\"")
                .doesNotContain("K7M2QX")
                .doesNotContain("XYZ123");
    }

    @Test
    void management_port_also_serves_health_and_metrics_but_not_the_api() {
        assertThat(get(managementPort, "/health").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/health/ready").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/metrics").body()).contains("http_server_requests_seconds");
        var api = get(managementPort, "/api/test/items/1");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(json(api).get("code").asText()).isEqualTo("not_found");
    }

    // --- correlation id

    @Test
    void a_well_formed_correlation_id_is_echoed() {
        var response = send(request(port, "/ping")
                .header("X-Correlation-Id", "abc.DEF_123-x")
                .build());
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue("abc.DEF_123-x");
    }

    @Test
    void a_malformed_correlation_id_is_replaced_by_a_new_one() {
        var response = send(request(port, "/ping")
                .header("X-Correlation-Id", "has spaces and <script>")
                .build());
        assertThat(response.headers().firstValue("X-Correlation-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[A-Za-z0-9._-]{1,64}"));
    }

    @Test
    void every_response_carries_a_correlation_id_including_errors() {
        for (var response : List.of(
                get(port, "/nope"),
                get(port, "/api/test/boom"),
                send(request(port, "/ping").DELETE().build()),
                postJson(port, "/api/test/echo", "{"))) {
            assertThat(response.headers().firstValue("X-Correlation-Id")).isPresent();
            assertThat(json(response).get("correlationId").asText())
                    .isEqualTo(response.headers().firstValue("X-Correlation-Id").orElseThrow());
        }
    }

    @Test
    void handler_log_lines_carry_the_correlation_id_in_the_mdc() {
        send(request(port, "/api/test/log")
                .header("X-Correlation-Id", "corr-42")
                .build());
        var inside = logs.list.stream()
                .filter(e -> e.getLoggerName().equals("huddle.test.handler"))
                .findFirst()
                .orElseThrow();
        assertThat(inside.getMDCPropertyMap()).containsEntry("correlationId", "corr-42");
    }

    // --- request log

    @Test
    void each_request_writes_exactly_one_info_line_with_its_fields_and_no_query_string() {
        send(request(port, "/api/test/items/7?token=secret-value")
                .header("X-Correlation-Id", "one-line")
                .build());
        var lines = logs.list.stream()
                .filter(e -> e.getLoggerName().equals("huddle.http"))
                .filter(e -> "one-line".equals(e.getMDCPropertyMap().get("correlationId")))
                .toList();
        assertThat(lines).hasSize(1);
        var line = lines.getFirst();
        assertThat(line.getLevel().toString()).isEqualTo("INFO");
        Map<String, Object> fields =
                line.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
        assertThat(fields)
                .containsEntry("method", "GET")
                .containsEntry("path", "/api/test/items/7")
                .containsEntry("status", 200)
                .containsEntry("clientIp", "127.0.0.1")
                .containsEntry("correlationId", "one-line")
                .containsKey("durationMs");
        assertThat(line.getKeyValuePairs().stream().map(KeyValuePair::toString))
                .noneMatch(s -> s.contains("secret-value"));
    }

    // --- errors

    @Test
    void unknown_route_is_404_not_found_problem() {
        var response = get(port, "/api/nope/K7M2QX");
        assertProblem(response, 404, "not_found");
        assertThat(response.body()).doesNotContain("K7M2QX");
    }

    @Test
    void known_path_with_wrong_method_is_405_method_not_allowed() {
        var response = send(request(port, "/api/test/items/1").DELETE().build());
        assertProblem(response, 405, "method_not_allowed");
        assertThat(response.headers().firstValue("Allow"))
                .hasValueSatisfying(a -> assertThat(a).contains("GET"));
    }

    @Test
    void malformed_json_is_400_invalid_request() {
        var response = postJson(port, "/api/test/echo", "{\"name\": ");
        assertProblem(response, 400, "invalid_request");
        assertThat(json(response).get("errors").isArray()).isTrue();
    }

    @Test
    void a_body_spelling_a_character_in_overlong_utf8_is_400_invalid_request_not_decoded() {
        // C0 AF is an overlong "/", E0 80 BC an overlong "<": not UTF-8, whatever a lenient decoder makes of them.
        for (byte[] overlong :
                List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xBC})) {
            var body = new java.io.ByteArrayOutputStream();
            body.writeBytes("{\"content\":\"a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            body.writeBytes(overlong);
            body.writeBytes("b\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

            var response = send(request(port, "/api/test/echo")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build());

            assertProblem(response, 400, "invalid_request");
        }
        var wellFormed = postJson(port, "/api/test/echo", "{\"content\":\"é 中 😀\"}");
        assertThat(wellFormed.statusCode()).isEqualTo(200);
        assertThat(json(wellFormed).get("content").asText()).isEqualTo("é 中 😀");
    }

    @Test
    void trailing_garbage_after_the_json_is_400_invalid_request() {
        assertProblem(postJson(port, "/api/test/echo", "{} {}"), 400, "invalid_request");
    }

    @Test
    void json_nested_over_64_levels_is_400_invalid_request() {
        assertProblem(postJson(port, "/api/test/echo", nested(65)), 400, "invalid_request");
    }

    @Test
    void json_nested_exactly_64_levels_is_accepted() {
        var response = postJson(port, "/api/test/echo", nested(64));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(nested(64));
    }

    @Test
    void a_field_of_the_wrong_type_is_a_field_error() {
        var response = postJson(port, "/api/test/items", "{\"name\":\"x\",\"count\":\"many\",\"extra\":1}");
        assertProblem(response, 400, "invalid_request");
        assertThat(json(response).at("/errors/0/field").asText()).isEqualTo("count");
    }

    @Test
    void unknown_fields_are_ignored() {
        var response = postJson(port, "/api/test/items", "{\"name\":\"x\",\"count\":2,\"extra\":1}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).get("count").asInt()).isEqualTo(2);
    }

    @Test
    void a_body_with_another_content_type_is_415() {
        var response = send(request(port, "/api/test/echo")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertProblem(response, 415, "unsupported_media_type");
    }

    @Test
    void an_answer_without_content_names_no_content_type() {
        var noContent = send(request(port, "/api/test/ignores-body")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        var preflight = send(request(port, "/api/test/echo")
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());

        for (var response : List.of(noContent, preflight)) {
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(response.toString())
                    .isEmpty();
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    @Test
    void a_body_with_another_content_type_is_415_even_where_the_handler_ignores_it() {
        var response = send(request(port, "/api/test/ignores-body")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                .build());
        assertProblem(response, 415, "unsupported_media_type");
    }

    @Test
    void a_json_body_in_another_charset_is_415() {
        var response = send(request(port, "/api/test/echo")
                .header("Content-Type", "application/json; charset=ISO-8859-1")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertProblem(response, 415, "unsupported_media_type");
    }

    @Test
    void a_json_body_with_a_content_encoding_is_415_not_read_as_if_it_had_none() throws Exception {
        var gzipped = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write("{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        var compressed = send(request(port, "/api/test/echo")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray()))
                .build());
        assertProblem(compressed, 415, "unsupported_media_type");

        // Labelled as compressed, sent plain: a proxy that decodes it sees something else than JSON.
        for (var coding : List.of("br", "identity, deflate")) {
            var labelled = send(request(port, "/api/test/echo")
                    .header("Content-Type", "application/json")
                    .header("Content-Encoding", coding)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                    .build());
            assertProblem(labelled, 415, "unsupported_media_type");
        }
        var ignored = send(request(port, "/api/test/ignores-body")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray()))
                .build());
        assertProblem(ignored, 415, "unsupported_media_type");

        var identity = send(request(port, "/api/test/echo")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "identity")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                .build());
        assertThat(identity.statusCode()).isEqualTo(200);
        assertThat(json(identity).get("a").asInt()).isEqualTo(1);
    }

    @Test
    void a_body_over_512_kib_is_413() {
        var response = postJson(port, "/api/test/echo", bigJson());
        assertProblem(response, 413, "payload_too_large");
    }

    @Test
    void a_chunked_body_over_512_kib_without_content_length_is_413() {
        byte[] body = bigJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var response = send(request(port, "/api/test/echo")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());
        assertProblem(response, 413, "payload_too_large");
    }

    @Test
    void a_chunked_body_under_the_limit_is_read() {
        byte[] body = "{\"a\":[1,2,3]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var response = send(request(port, "/api/test/echo")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"a\":[1,2,3]}");
    }

    @Test
    void an_unexpected_exception_is_500_internal_without_any_internals() {
        var response = send(request(port, "/api/test/boom")
                .header("X-Correlation-Id", "boom-1")
                .build());
        assertProblem(response, 500, "internal");
        assertThat(json(response).get("correlationId").asText()).isEqualTo("boom-1");
        assertThat(response.body())
                .doesNotContain("IllegalStateException")
                .doesNotContain("SELECT")
                .doesNotContain("postgresql")
                .doesNotContain("at io.")
                .doesNotContain("Exception");
        var error = logs.list.stream()
                .filter(e -> e.getLevel().toString().equals("ERROR"))
                .findFirst()
                .orElseThrow();
        assertThat(error.getMDCPropertyMap()).containsEntry("correlationId", "boom-1");
        assertThat(error.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
    }

    @Test
    void rate_limited_problem_carries_retry_after_in_header_and_body() {
        var response = get(port, "/api/test/limited");
        assertProblem(response, 429, "rate_limited");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(json(response).get("retryAfter").asLong()).isEqualTo(2);
        assertThat(json(response).get("tier").asText()).isEqualTo("api");
    }

    @Test
    void version_conflict_problem_carries_the_current_version() {
        var response = get(port, "/api/test/conflict");
        assertProblem(response, 412, "version_conflict");
        assertThat(json(response).get("currentVersion").asLong()).isEqualTo(7);
    }

    @Test
    void invalid_request_problem_lists_field_errors() {
        var body = json(assertProblem(get(port, "/api/test/invalid"), 400, "invalid_request"));
        assertThat(body.at("/errors/0/field").asText()).isEqualTo("displayName");
        assertThat(body.at("/errors/0/message").asText()).isEqualTo("must be 1..50 characters");
        assertThat(body.get("type").asText()).isEqualTo("about:blank");
        assertThat(body.get("title").asText()).isEqualTo("Invalid request");
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("detail").asText()).isNotBlank();
    }

    // --- CORS

    @Test
    void api_responses_allow_a_configured_origin() {
        var response = send(request(port, "/api/test/items/1")
                .header("Origin", "https://app.example")
                .build());
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(response.headers().firstValue("Access-Control-Expose-Headers"))
                .hasValueSatisfying(h -> assertThat(h).contains("X-Correlation-Id"));
    }

    @Test
    void api_responses_do_not_allow_other_origins() {
        var response = send(request(port, "/api/test/items/1")
                .header("Origin", "https://evil.example")
                .build());
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().allValues("Vary")).contains("Origin");
    }

    @Test
    void api_responses_without_an_origin_still_say_they_vary_by_it() {
        // A cache that stored this answer must not serve it to a browser on an allowed origin, which needs
        // Access-Control-Allow-Origin in it.
        var response = get(port, "/api/test/items/1");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().allValues("Vary")).contains("Origin");
    }

    @Test
    void a_preflight_from_a_configured_origin_is_answered_204() {
        var response = send(request(port, "/api/test/echo")
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValueSatisfying(m -> assertThat(m).contains("POST"));
        assertThat(response.headers().firstValue("X-Correlation-Id")).isPresent();
    }

    @Test
    void a_preflight_allows_every_request_header_the_api_reads() {
        // A conditional state read from a browser sends Authorization and If-None-Match; a write, If-Match.
        var response = send(request(port, "/api/test/items/1")
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,if-none-match")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(response.statusCode()).isEqualTo(204);
        var allowed = Arrays.stream(response.headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElse("")
                        .split(","))
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .toList();
        assertThat(allowed).contains("authorization", "content-type", "if-match", "if-none-match", "x-correlation-id");
    }

    @Test
    void a_preflight_from_a_foreign_origin_is_answered_403_with_a_problem_that_says_why() {
        var response = send(request(port, "/api/test/echo")
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());

        assertProblem(response, 403, "forbidden");
        assertThat(json(response).get("detail").asText()).contains("HUDDLE_ALLOWED_ORIGINS");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void operations_endpoints_carry_no_cors_headers() {
        var response = send(request(port, "/health/live")
                .header("Origin", "https://app.example")
                .build());
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void a_header_over_8_kib_is_a_431_problem_with_a_correlation_id() {
        var response = send(request(port, "/health/live")
                .header("X-Big", "x".repeat(9 * 1024))
                .build());

        assertProblem(response, 431, "header_too_large");
        assertThat(response.headers().firstValue("X-Correlation-Id")).isPresent();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void a_request_carrying_sec_websocket_version_is_answered_by_its_route_not_by_a_404() {
        // Javalin took every request with this header for a WebSocket upgrade of its own and answered 404.
        var ping = send(
                request(port, "/ping").header("Sec-WebSocket-Version", "13").build());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("pong");

        var item = send(request(port, "/api/test/items/7")
                .header("Sec-WebSocket-Version", "8")
                .build());
        assertThat(item.statusCode()).isEqualTo(200);
        assertThat(json(item).get("id").asText()).isEqualTo("7");
    }

    @Test
    void a_404_or_405_jetty_answers_itself_carries_the_code_of_its_status_never_invalid_request() throws Exception {
        var notFound = Json.reader().readTree(ProblemErrorHandler.body(404, "c-404"));
        assertThat(notFound.get("code").asText()).isEqualTo("not_found");
        assertThat(notFound.get("status").asInt()).isEqualTo(404);
        assertThat(Json.reader()
                        .readTree(ProblemErrorHandler.body(405, "c-405"))
                        .get("code")
                        .asText())
                .isEqualTo("method_not_allowed");
        assertThat(Json.reader()
                        .readTree(ProblemErrorHandler.body(400, "c-400"))
                        .get("code")
                        .asText())
                .isEqualTo("invalid_request");
    }

    @Test
    void a_request_line_jetty_cannot_parse_is_a_400_problem_that_tells_browsers_not_to_sniff() throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400 ");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT))
                    .contains("x-content-type-options: nosniff")
                    .contains("content-type: application/problem+json");
            assertThat(answer).contains("\"code\":\"invalid_request\"");
        }
    }

    @Test
    void a_connection_that_never_finishes_its_headers_is_closed() throws Exception {
        try (var slow = new java.net.Socket("127.0.0.1", port)) {
            var out = slow.getOutputStream();
            out.write("GET /ping HTTP/1.1\r\nHost: x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            slow.setSoTimeout((int) RequestHeaderTimeout.LIMIT.multipliedBy(4).toMillis());
            long started = System.nanoTime();
            // One header line every second, never the blank line: never idle, never a request.
            var reader = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Thread.sleep(1000);
                        out.write("X-Slow: 1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (Exception e) {
                    // closed by the server: what the test waits for
                }
            });
            int read;
            try {
                read = slow.getInputStream().read();
            } catch (java.net.SocketException e) {
                read = -1;
            }
            reader.interrupt();
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(RequestHeaderTimeout.LIMIT.multipliedBy(3));
        }
    }

    @Test
    void clients_sending_their_bodies_a_byte_at_a_time_do_not_lock_out_everyone_else() throws Exception {
        // More trickling clients than the server has threads: each sent its headers and the start of a body,
        // and sends the rest never (or a byte now and then, which keeps it clear of the idle timeout).
        var trickling = new java.util.ArrayList<java.net.Socket>();
        try {
            for (int i = 0; i < 250; i++) {
                var socket = new java.net.Socket("127.0.0.1", port);
                socket.getOutputStream()
                        .write(("POST /api/test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: 1000\r\n\r\n{")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                trickling.add(socket);
            }
            var patient = java.net.http.HttpClient.newHttpClient();

            var response = patient.send(
                    request(port, "/api/test/echo")
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"a\":1}");
        } finally {
            for (var socket : trickling) socket.close();
        }
    }

    @Test
    void every_response_tells_browsers_not_to_sniff_and_api_answers_not_to_be_stored() {
        var answers = Map.of(
                "an API answer", postJson(port, "/api/test/echo", "{\"token\":\"hm_x\"}"),
                "an API problem", get(port, "/api/test/invalid"),
                "an unknown route", get(port, "/api/nothing/here"),
                "the API's root, no slash", get(port, "/api"),
                "a body over the limit",
                        send(request(port, "/api/test/echo")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                        bigJson().getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                                .build()));
        answers.forEach((what, response) -> {
            assertThat(response.headers().firstValue("X-Content-Type-Options"))
                    .as(what)
                    .hasValue("nosniff");
            assertThat(response.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
        });

        var health = get(port, "/health/live");
        assertThat(health.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(health.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void no_request_sets_a_session_cookie() {
        var response = get(port, "/health");

        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    private static HttpResponse<String> assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("correlationId").asText()).isNotBlank();
        return response;
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String bigJson() {
        return "{\"data\":\"" + "x".repeat(600 * 1024) + "\"}";
    }
}
