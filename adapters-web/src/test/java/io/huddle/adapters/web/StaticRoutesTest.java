package io.huddle.adapters.web;

import static io.huddle.adapters.web.Http.get;
import static io.huddle.adapters.web.Http.json;
import static io.huddle.adapters.web.Http.request;
import static io.huddle.adapters.web.Http.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.health.CheckHealth;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StaticRoutesTest {
    static WebServer server;
    static int port;

    @BeforeAll
    static void start() {
        var routes = StaticRoutes.fromClasspath("static-routes-test").orElseThrow();
        server = WebServer.create(
                        WebSettings.of(0, "1.2.3", "test-instance"),
                        new CheckHealth(List.of()),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of(routes))
                .start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_root_is_the_index_page_with_a_strict_content_security_policy() {
        var response = get(port, "/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
                .isEqualTo("text/html;charset=utf-8");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'")
                        .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.body()).startsWith("<!doctype html>");
    }

    @Test
    void listed_files_are_served_under_demo_with_their_type() {
        var response = get(port, "/demo/app/app.js");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
                .isEqualTo("text/javascript;charset=utf-8");
        assertThat(response.body()).isEqualTo("export const x = 1;\n");
    }

    @Test
    void an_unchanged_file_is_answered_304_to_its_etag() {
        var etag = get(port, "/demo/app/app.js").headers().firstValue("ETag").orElseThrow();
        var again = send(
                request(port, "/demo/app/app.js").header("If-None-Match", etag).build());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void files_not_listed_and_paths_that_climb_out_are_not_found() {
        for (var path :
                List.of("/demo/secret.txt", "/demo/../files.txt", "/demo/%2e%2e/secret.txt", "/demo/files.txt")) {
            var response = get(port, path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(json(response).path("code").asText()).as(path).isEqualTo("not_found");
        }
    }

    @Test
    void a_build_without_the_app_has_no_routes() {
        assertThat(StaticRoutes.fromClasspath("no-such-folder")).isEmpty();
    }
}
