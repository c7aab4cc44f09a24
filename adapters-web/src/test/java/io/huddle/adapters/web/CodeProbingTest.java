package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.adapters.web.auth.HashedServerKeys;
import io.huddle.application.UseCases;
import io.huddle.application.memory.InMemoryPorts;
import java.net.http.HttpRequest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md section 4: without a valid credential, nobody can tell an existing code from an unknown (or
 * malformed, or ended) one. Every operation of docs/openapi.yaml whose path takes a {@code {code}} is asked,
 * with no credential and with each kind of wrong one, about a live session's code, an ended session's and
 * an unknown one: the status, the error code and the detail must be the same for all three. A string that
 * cannot be a code may instead be answered {@code 404 session_not_found} (its form is public, section 2). The routes come from the document, which {@link OpenApiTest} holds equal to the router, so a
 * route added later is probed too.
 *
 * <p>The one exception is the join ({@code POST …/members}): anyone with a code may join, so it must say
 * whether the code exists; what stops guessing there is the global {@code join-fail} tier.
 */
class CodeProbingTest {
    private static final Set<String> ANYONE_MAY = Set.of("POST /api/sessions/{code}/members");

    /** No credential, and every kind of wrong one: a bearer of each form that does not verify, and no bearer. */
    private static final List<String> WRONG_CREDENTIALS = List.of(
            "",
            "Bearer hm_" + "x".repeat(43),
            "Bearer hm_short",
            "Bearer hk_" + "x".repeat(40),
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl",
            "Basic YWxpY2U6c2VjcmV0");

    private static List<String[]> operationsTakingACode() {
        var operations = new ArrayList<String[]>();
        ApiContract.document().path("paths").properties().forEach(path -> {
            if (!path.getKey().contains("{code}")) return;
            path.getValue().properties().forEach(op -> {
                var method = op.getKey().toUpperCase(Locale.ROOT);
                if (Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    operations.add(new String[] {method, path.getKey()});
                }
            });
        });
        return operations;
    }

    /** A body each operation would accept from a caller who may, so only the credential can refuse it. */
    private static String bodyOf(String method, String path) {
        if (path.endsWith("/messages") && method.equals("POST")) return "{\"content\":\"hello\"}";
        if (path.endsWith("/state")) return "{\"data\":{\"x\":1}}";
        if (path.endsWith("/members") && method.equals("POST")) return "{\"displayName\":\"Eve\"}";
        return null;
    }

    @Test
    void
            every_route_taking_a_code_answers_a_live_an_ended_an_unknown_and_a_malformed_code_alike_without_a_valid_credential() {
        try (var served = Served.start(
                InMemoryPorts.create(InstantSource.system(), 20)
                        .withServerKeys(HashedServerKeys.parse("ops:hk_" + "k".repeat(40))),
                UseCases.Settings.defaults(),
                InstantSource.system())) {
            var live = Http.json(Http.postJson(served.port(), "/api/sessions", "{}"));
            String code = live.path("session").path("code").asText();
            String memberId = live.path("member").path("id").asText();
            var ended = Http.json(Http.postJson(served.port(), "/api/sessions", "{}"));
            String endedCode = ended.path("session").path("code").asText();
            Http.send(Http.request(served.port(), "/api/sessions/" + endedCode)
                    .header(
                            "Authorization",
                            "Bearer " + ended.path("member").path("token").asText())
                    .DELETE()
                    .build());
            String unknown = code.equals("ZZZZZZ") ? "YYYYYY" : "ZZZZZZ";

            var operations = operationsTakingACode();
            assertThat(operations)
                    .as("the probe covers the server routes too")
                    .anySatisfy(op -> assertThat(op[1]).startsWith("/api/server/"));
            int probed = 0;
            for (var operation : operations) {
                var method = operation[0];
                var template = operation[1];
                if (ANYONE_MAY.contains(method + " " + template)) continue;
                for (var credential : WRONG_CREDENTIALS) {
                    var answers = new ArrayList<String>();
                    for (var candidate : List.of(code, endedCode, unknown, "not-a-code")) {
                        var path = template.replace("{code}", candidate)
                                .replace("{memberId}", memberId)
                                .replace("{path}", "x");
                        var body = bodyOf(method, template);
                        var request = Http.request(served.port(), path);
                        if (!credential.isEmpty()) request.header("Authorization", credential);
                        if (body != null) request.header("Content-Type", "application/json");
                        var response = Http.sendChecked(request.method(
                                        method,
                                        body == null
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString(body))
                                .build());
                        var problem = Http.json(response);
                        answers.add(response.statusCode() + " "
                                + problem.path("code").asText() + " "
                                + problem.path("detail").asText());
                    }
                    var what = method + " " + template + " with \"" + credential + "\"";
                    assertThat(answers.subList(0, 3))
                            .as(what)
                            .allSatisfy(a -> assertThat(a).startsWith("401 unauthorized"))
                            .containsOnly(answers.getFirst());
                    // A string that is not of a code's form (PROTOCOL.md section 2, public) may be told so
                    // before the credential is asked for: it says nothing about which codes exist.
                    assertThat(answers.get(3))
                            .as(what + ", a malformed code")
                            .satisfiesAnyOf(
                                    a -> assertThat(a).isEqualTo(answers.getFirst()),
                                    a -> assertThat(a).startsWith("404 session_not_found"));
                    probed++;
                }
            }
            assertThat(probed).isGreaterThanOrEqualTo(WRONG_CREDENTIALS.size() * 15);
        }
    }
}
