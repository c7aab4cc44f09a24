package io.huddle.adapters.web.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.ApiContract;
import io.huddle.adapters.web.Json;
import io.huddle.adapters.web.Served;
import io.huddle.adapters.web.WebServer;
import io.huddle.application.Ports;
import io.huddle.application.UseCases;
import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.application.memory.InMemoryInstanceRegistry;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.application.memory.InMemoryMessageLog;
import io.huddle.application.memory.InMemoryMessageRelay;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.application.memory.InMemoryRateLimiter;
import io.huddle.application.memory.InMemoryRecentMessages;
import io.huddle.application.memory.InMemorySessionCache;
import io.huddle.application.memory.InMemoryStateStore;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.UserTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A real {@link WebServer} on a free port with {@link SessionRoutes} over the in-memory stores, a clock
 * the test moves, and an HTTP client that speaks to it.
 */
final class TestGateway implements AutoCloseable {
    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    final TestClock clock = new TestClock();
    final FlakySessionStore sessions = new FlakySessionStore();
    final InMemorySessionCache cache = new InMemorySessionCache(clock);
    final InMemoryMemberStore members = new InMemoryMemberStore(clock);
    final InMemoryPresenceStore presence = new InMemoryPresenceStore(clock);
    final InMemoryEventBus events = new InMemoryEventBus();
    private final Served served;
    final int port;

    TestGateway(SessionRoutes.Settings settings, UserTokens userTokens) {
        var recent = new InMemoryRecentMessages(100, clock);
        var ports = new Ports(
                sessions,
                cache,
                members,
                presence,
                events,
                new InMemoryStateStore(clock),
                new InMemoryMessageLog(sessions),
                recent,
                new InMemoryMessageRelay(recent, events, cache),
                new InMemoryRateLimiter(clock),
                new InMemoryInstanceRegistry(clock),
                userTokens);
        this.served = Served.start(
                ports,
                UseCases.Settings.defaults(),
                clock,
                settings.openCreation(),
                List.of("*"),
                UseCases.Settings.DEFAULT_HEARTBEAT,
                List.of());
        this.port = served.port();
    }

    @Override
    public void close() {
        served.close();
    }

    /** Opens a socket for a member, as the WebSocket endpoint will: it is online from now on. */
    void online(String code, String memberId) {
        var session = sessions.find(new SessionCode(code)).orElseThrow();
        presence.socketOpened(session, new MemberId(memberId), "socket-" + memberId, "test-instance");
    }

    // --- HTTP

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            var response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            ApiContract.check(request, response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code token} null sends no Authorization header; anything else is sent as {@code Bearer token}. */
    HttpResponse<String> get(String path, String token) {
        return send(withToken(request(path), token).GET().build());
    }

    HttpResponse<String> delete(String path, String token) {
        return send(withToken(request(path), token).DELETE().build());
    }

    HttpResponse<String> post(String path, String token, String json) {
        var builder = withToken(request(path), token);
        if (json == null)
            return send(builder.POST(HttpRequest.BodyPublishers.noBody()).build());
        return send(builder.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private static HttpRequest.Builder withToken(HttpRequest.Builder builder, String token) {
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    // --- shortcuts for arranging a scene

    /** Creates a session as {@code token}'s holder (null: anonymously) and returns the 201 body. */
    JsonNode created(String token, String json) {
        var response = post("/api/sessions", token, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    JsonNode created() {
        return created(null, null);
    }

    JsonNode joined(String code, String displayName, String role) {
        var response = post(
                "/api/sessions/" + code + "/members",
                null,
                "{\"displayName\":\"" + displayName + "\",\"role\":\"" + role + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.reader().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts a problem+json answer with this status and code, and returns its body. */
    static JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        var body = json(response);
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("correlationId").asText())
                .isEqualTo(response.headers().firstValue("X-Correlation-Id").orElseThrow());
        return body;
    }

    static String code(JsonNode entered) {
        return entered.path("session").path("code").asText();
    }

    static String token(JsonNode entered) {
        return entered.path("member").path("token").asText();
    }

    static String memberId(JsonNode entered) {
        return entered.path("member").path("id").asText();
    }
}
