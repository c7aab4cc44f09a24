package io.huddle.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.JsonBody;
import io.huddle.adapters.web.WebServer;
import io.huddle.adapters.web.WebSettings;
import io.huddle.application.health.CheckHealth;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {
    static final String MEMBER_TOKEN = "hm_" + "Zq9-_w".repeat(7) + "Q";
    static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjE5MDAwMDAwMDB9.sig-V4lu3_secret";
    static final String BODY_PASSWORD = "hunter2-body-password";
    static final String DB_PASSWORD = "s3cr3t-db-pass";
    static final String DATABASE_URL = "postgresql://huddle:" + DB_PASSWORD + "@db.internal:5432/huddle";
    static final String FORGED = "2026-01-01T00:00:00.000Z";
    static final ObjectMapper JSON = new ObjectMapper();

    final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restoreDefaultConfiguration() throws Exception {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void secrets_sent_to_a_careless_handler_never_reach_the_json_log() throws Exception {
        Logging.configure(LogFormat.JSON, "INFO", "gw-test", captured);
        exerciseCarelessServer();
        String out = output();

        assertNoSecrets(out);
        assertNoForgedLine(out);
        assertThat(out).contains("[REDACTED]");
        for (String line : out.split("\n")) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.get("instance").asText()).isEqualTo("gw-test");
            assertThat(event.has("timestamp")).isTrue();
        }
        assertThat(out.lines()
                        .filter(l -> l.contains("\"logger\":\"huddle.http\""))
                        .count())
                .as("one request line per request")
                .isEqualTo(3);
        assertThat(out).contains("\"correlationId\":\"careless-1\"");
    }

    @Test
    void secrets_sent_to_a_careless_handler_never_reach_the_text_log() throws Exception {
        Logging.configure(LogFormat.TEXT, "INFO", "gw-test", captured);
        exerciseCarelessServer();
        String out = output();

        assertNoSecrets(out);
        assertNoForgedLine(out);
        assertThat(out).contains("[REDACTED]").contains("careless handler");
    }

    @Test
    void a_line_the_application_logs_through_system_logger_reaches_the_json_encoder_with_secrets_redacted()
            throws Exception {
        Logging.configure(LogFormat.JSON, "INFO", "gw-test", captured);
        org.slf4j.MDC.put("correlationId", "bridged-1");
        try {
            System.getLogger("io.huddle.application.message.SendMessage")
                    .log(
                            System.Logger.Level.WARNING,
                            "message 7 of session K7M2QX is stored, but publish failed connecting to " + DATABASE_URL
                                    + " for " + MEMBER_TOKEN);
        } finally {
            org.slf4j.MDC.remove("correlationId");
        }
        String out = output();

        assertNoSecrets(out);
        JsonNode event = JSON.readTree(out.lines()
                .filter(l -> l.contains("publish failed"))
                .findFirst()
                .orElseThrow());
        assertThat(event.get("level").asText()).isEqualTo("WARN");
        assertThat(event.get("logger").asText()).isEqualTo("io.huddle.application.message.SendMessage");
        assertThat(event.get("correlationId").asText()).isEqualTo("bridged-1");
        assertThat(event.get("instance").asText()).isEqualTo("gw-test");
        assertThat(event.get("message").asText()).contains("[REDACTED]");
    }

    @Test
    void the_level_filters_events() {
        Logging.configure(LogFormat.JSON, "warn", "gw-test", captured);
        Logger log = LoggerFactory.getLogger("huddle.test");
        log.info("not shown");
        log.warn("shown");
        assertThat(output()).doesNotContain("not shown").contains("shown");
    }

    @Test
    void at_info_the_libraries_start_up_chatter_is_left_out_but_their_warnings_are_not() {
        Logging.configure(LogFormat.TEXT, "INFO", "gw-test", captured);

        LoggerFactory.getLogger("org.eclipse.jetty.session.DefaultSessionIdManager")
                .info("Session workerName=node0");
        LoggerFactory.getLogger("org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor")
                .info("+-----------------------+");
        LoggerFactory.getLogger("io.javalin.Javalin").info("Javalin started in 533ms");
        LoggerFactory.getLogger("org.flywaydb.core.internal.proprietaryStubs.ErrorOverridesSupportStub")
                .warn("DB: extension \"pg_trgm\" already exists, skipping");
        LoggerFactory.getLogger("org.eclipse.jetty.server.Server").warn("jetty warning shown");
        LoggerFactory.getLogger("io.huddle.gateway.GatewayMain").info("huddle line shown");

        assertThat(output())
                .doesNotContain("workerName", "+----", "Javalin started", "already exists")
                .contains("jetty warning shown", "huddle line shown");
    }

    @Test
    void at_debug_the_libraries_info_lines_come_back_but_not_their_debug_floods() {
        Logging.configure(LogFormat.TEXT, "DEBUG", "gw-test", captured);

        LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("jetty info shown");
        LoggerFactory.getLogger("org.eclipse.jetty.io.ManagedSelector").debug("selector flood");
        LoggerFactory.getLogger("io.huddle.adapters.web.auth.JwtUserTokens").debug("huddle debug shown");

        assertThat(output()).contains("jetty info shown", "huddle debug shown").doesNotContain("selector flood");
    }

    @Test
    void an_unknown_level_is_refused_with_the_accepted_values() {
        assertThatThrownBy(() -> Logging.configure(LogFormat.JSON, "LOUD", "gw-test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INFO");
    }

    @Test
    void formats_parse_from_their_setting_values() {
        assertThat(LogFormat.parse(" JSON ")).contains(LogFormat.JSON);
        assertThat(LogFormat.parse("text")).contains(LogFormat.TEXT);
        assertThat(LogFormat.parse("xml")).isEmpty();
        assertThat(LogFormat.parse(null)).isEmpty();
    }

    /** A handler that logs everything it is given, the way nobody should. */
    private static void exerciseCarelessServer() throws Exception {
        Logger careless = LoggerFactory.getLogger("huddle.careless");
        HttpRoutes routes = r -> {
            r.post("/api/careless", ctx -> {
                String auth = ctx.header("Authorization");
                careless.info("careless handler got {} and body {}", auth, ctx.body());
                careless.atInfo()
                        .addKeyValue("authorization", auth)
                        .addKeyValue("body", ctx.body())
                        .addKeyValue("header", auth)
                        .log("careless handler fields");
                careless.info("connecting to {}", DATABASE_URL);
                ctx.json(JsonBody.readTree(ctx));
            });
            r.get("/api/careless/fail", ctx -> {
                throw new IllegalStateException(
                        "login failed for " + DATABASE_URL + " with " + ctx.header("Authorization"));
            });
        };
        var server = WebServer.create(
                        WebSettings.of(0, "test", "gw-test"),
                        new CheckHealth(List.of()),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of(routes))
                .start();
        try (var client = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port();
            var jwtRequest = HttpRequest.newBuilder(URI.create(base + "/api/careless"))
                    .header("Authorization", "Bearer " + JWT)
                    .header("Content-Type", "application/json")
                    .header("X-Correlation-Id", "careless-1")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"x\",\"password\":\"" + BODY_PASSWORD + "\"}"))
                    .build();
            assertThat(client.send(jwtRequest, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            var memberRequest = HttpRequest.newBuilder(URI.create(base + "/api/careless/fail?token=" + MEMBER_TOKEN))
                    .header("Authorization", "Bearer " + MEMBER_TOKEN)
                    .build();
            var failed = client.send(memberRequest, HttpResponse.BodyHandlers.ofString());
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).doesNotContain(DB_PASSWORD).doesNotContain(MEMBER_TOKEN);
            var crlf = HttpRequest.newBuilder(URI.create(base + "/api/careless"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"a\r\n" + FORGED + " ERROR forged\"}"))
                    .build();
            // Raw CR/LF inside a JSON string is not JSON: 400, after the handler logged the body as it came.
            assertThat(client.send(crlf, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(400);
        } finally {
            server.close();
        }
    }

    private static void assertNoForgedLine(String out) {
        assertThat(out).contains(FORGED);
        assertThat(out.split("\n")).noneMatch(line -> line.startsWith(FORGED));
    }

    private static void assertNoSecrets(String out) {
        assertThat(out)
                .isNotBlank()
                .doesNotContain(BODY_PASSWORD)
                .doesNotContain(DB_PASSWORD)
                .doesNotContain(MEMBER_TOKEN.substring(3))
                .doesNotContain(JWT.substring(JWT.lastIndexOf('.') + 1))
                .doesNotContain("eyJzdWIi");
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }
}
