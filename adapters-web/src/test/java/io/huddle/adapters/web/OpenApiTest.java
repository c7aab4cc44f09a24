package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huddle.application.UseCases;
import io.huddle.application.memory.InMemoryPorts;
import java.net.http.HttpRequest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml against the running gateway: every route of the router is documented and every
 * documented operation is a route; the gateway serves the document at {@code /openapi.json}; and the
 * response checker that every test of this module runs ({@link ApiContract}) does catch a response that
 * departs from its schema.
 */
class OpenApiTest {

    /** The gateway's routes, the demo's included (it is served when HUDDLE_DEMO is on). */
    private static Set<String> routesOf(Served served) {
        var routes = new TreeSet<String>();
        for (var route : served.server.routes()) {
            var split = route.split(" ", 2);
            // A WebSocket endpoint is a GET that upgrades; Javalin's <rest> parameter is OpenAPI's {rest}.
            var method = split[0].equals("WEBSOCKET") ? "GET" : split[0];
            routes.add(method + " " + split[1].replace('<', '{').replace('>', '}'));
        }
        return routes;
    }

    private static Set<String> documented() {
        var operations = new TreeSet<String>();
        ApiContract.document()
                .path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (Set.of("get", "put", "post", "delete", "patch", "head", "options")
                            .contains(op.getKey()))
                        operations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }));
        return operations;
    }

    private static Served served(HttpRoutes... more) {
        var clock = InstantSource.system();
        List<HttpRoutes> routes = new ArrayList<>(List.of(more));
        routes.add(StaticRoutes.fromClasspath("static-routes-test").orElseThrow());
        return Served.start(
                InMemoryPorts.create(clock, 20),
                UseCases.Settings.defaults(),
                clock,
                routes.toArray(HttpRoutes[]::new));
    }

    @Test
    void every_route_of_the_router_is_documented_and_every_documented_operation_is_a_route() {
        try (var served = served()) {
            var routes = routesOf(served);
            var documented = documented();

            assertThat(routes).as("routes the document lacks").isSubsetOf(documented);
            assertThat(documented).as("documented operations no route serves").isSubsetOf(routes);
            assertThat(routes).contains("POST /api/sessions", "GET /ws", "GET /openapi.json");
        }
    }

    @Test
    void a_route_added_without_documenting_it_is_caught() {
        HttpRoutes undocumented = r -> r.get("/api/undocumented", ctx -> ctx.result("hello"));
        try (var served = served(undocumented)) {
            var missing = new TreeSet<>(routesOf(served));
            missing.removeAll(documented());

            assertThat(missing).containsExactly("GET /api/undocumented");
        }
    }

    @Test
    void the_gateway_serves_the_document_as_json_at_openapi_json() throws Exception {
        try (var served = served()) {
            var response = Http.get(served.port(), "/openapi.json");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(new ObjectMapper().readTree(response.body())).isEqualTo(ApiContract.document());
            assertThat(ApiContract.document().path("openapi").asText()).startsWith("3.1");
        }
    }

    @Test
    void a_response_whose_body_departs_from_its_schema_fails_the_test_that_received_it() {
        var session = """
                {"code":"K7M2QX","name":"Math","ownerId":"user-1","status":"active",
                 "createdAt":"2026-11-21T10:30:45.123Z","expiresAt":"2026-11-22T10:30:45.123Z",
                 "lastActivityAt":"2026-11-21T10:30:45.123Z","maxMembers":100,"memberCount":3,"onlineCount":2}""";
        assertThat(ApiContract.violations("GET", "/api/sessions/K7M2QX", 200, "application/json", session, true))
                .isEmpty();

        var extraField = session.replace("\"onlineCount\":2", "\"onlineCount\":2,\"secret\":\"x\"");
        var wrongType = session.replace("\"maxMembers\":100", "\"maxMembers\":\"100\"");
        var badTime = session.replace("2026-11-21T10:30:45.123Z\",\"expiresAt", "yesterday\",\"expiresAt");
        for (var body : List.of(extraField, wrongType, badTime)) {
            assertThat(ApiContract.violations("GET", "/api/sessions/K7M2QX", 200, "application/json", body, true))
                    .as(body)
                    .isNotEmpty();
        }
        assertThat(ApiContract.violations("GET", "/api/sessions/K7M2QX", 418, "application/json", session, true))
                .singleElement()
                .asString()
                .contains("418 is not documented");
        assertThat(ApiContract.violations("GET", "/api/sessions/K7M2QX", 200, "application/json", session, false))
                .contains("no X-Correlation-Id header");
        var problemWithoutTier = """
                {"type":"about:blank","title":"Too many requests","status":429,"code":"rate_limited",
                 "detail":"slow down","correlationId":"c1","retryAfter":3}""";
        assertThat(ApiContract.violations(
                        "POST",
                        "/api/sessions/K7M2QX/members",
                        429,
                        "application/problem+json",
                        problemWithoutTier,
                        true))
                .isNotEmpty();
    }

    @Test
    void the_checker_runs_on_the_responses_the_tests_receive() {
        try (var served = served()) {
            long before = ApiContract.checked();
            var request = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + served.port() + "/health"))
                    .GET()
                    .build();
            Http.sendChecked(request);
            assertThat(ApiContract.checked()).isGreaterThan(before);
            assertThatThrownBy(() -> ApiContract.check(request, new FakeResponse(request, 200, "{\"status\":42}")))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("required property 'checks' not found");
        }
    }
}
