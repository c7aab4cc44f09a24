package io.huddle.adapters.web.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.Json;
import io.huddle.adapters.web.WebServer;
import io.huddle.adapters.web.WebSettings;
import io.huddle.adapters.web.message.MessageRoutes;
import io.huddle.adapters.web.session.SessionRoutes;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.health.CheckHealth;
import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.application.memory.InMemoryMessageLog;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.application.memory.InMemoryRateLimiter;
import io.huddle.application.memory.InMemoryRecentMessages;
import io.huddle.application.memory.InMemorySessionCache;
import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.application.message.ClearHistory;
import io.huddle.application.message.GetHistory;
import io.huddle.application.message.GetMessageStats;
import io.huddle.application.message.MessageHistory;
import io.huddle.application.message.SearchMessages;
import io.huddle.application.message.SendMessage;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.EndSession;
import io.huddle.application.session.GetSession;
import io.huddle.application.session.JoinSession;
import io.huddle.application.session.ListMembers;
import io.huddle.application.session.ListSessions;
import io.huddle.application.session.LiveSessions;
import io.huddle.application.session.RemoveMember;
import io.huddle.application.session.SessionViews;
import io.huddle.application.session.TerminateSession;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.UserTokens;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real {@link WebServer} on a free port with {@link RequestLimits} in front of {@link SessionRoutes}
 * (open mode) and {@link MessageRoutes}, the in-memory stores and limiter on a clock the test moves, and an HTTP client.
 * User tokens: any bearer starting with {@code user-} is that user.
 */
final class LimitedGateway implements AutoCloseable {
    static final UserTokens USERS =
            token -> token.startsWith("user-") ? Optional.of(new OwnerId(token)) : Optional.empty();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    final Clock clock = new Clock();
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final RequestLimits limits;
    private final WebServer server;
    final int port;

    LimitedGateway(LimitPolicy.Tiers tiers, ClientIps clientIps, HttpRoutes... more) {
        var random = new SecureRandom();
        var cache = new InMemorySessionCache(clock);
        var members = new InMemoryMemberStore(clock);
        var presence = new InMemoryPresenceStore(clock);
        var events = new InMemoryEventBus();
        var live = new LiveSessions(sessions, cache, clock);
        var views = new SessionViews(members, presence, clock);
        var routes = new SessionRoutes(
                new Authenticate(members, USERS),
                new CreateSession(
                        sessions, cache, members, clock, random, new CreateSession.Settings(Duration.ofHours(24), 6)),
                new ListSessions(sessions, views, clock),
                new GetSession(live, views),
                new TerminateSession(live, new EndSession(sessions, cache, members, presence, events, clock)),
                new JoinSession(live, members, views, events, clock, random),
                new ListMembers(live, members, presence),
                new RemoveMember(live, members, events),
                clock,
                SessionRoutes.Settings.openMode());
        var log = new InMemoryMessageLog(sessions);
        var recent = new InMemoryRecentMessages(100, clock);
        var messages = new MessageRoutes(
                new Authenticate(members, USERS),
                new SendMessage(live, log, recent, cache, events, clock, random),
                new GetHistory(live, new MessageHistory(log, recent)),
                new SearchMessages(live, log),
                new GetMessageStats(live, log),
                new ClearHistory(live, log, recent));
        this.limits = new RequestLimits(new LimitPolicy(tiers), new InMemoryRateLimiter(clock), clientIps, USERS);
        List<HttpRoutes> features = new ArrayList<>();
        features.add(limits);
        features.add(routes);
        features.add(messages);
        features.addAll(List.of(more));
        this.server = WebServer.create(
                        WebSettings.of(0, "test", "test-instance"),
                        new CheckHealth(List.of()),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        features)
                .start();
        this.port = server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Moves only when a test moves it; starts at the real time. */
    static final class Clock implements InstantSource {
        private final AtomicReference<Instant> now =
                new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MILLIS));

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }
    }

    // --- HTTP

    /** {@code headers} are name, value pairs; a {@code json} body is sent with its content type. */
    HttpResponse<String> send(String method, String path, String token, String json, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) builder.header("Content-Type", "application/json");
        if (token != null) builder.header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) builder.header(headers[i], headers[i + 1]);
        try {
            return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String token, String... headers) {
        return send("GET", path, token, null, headers);
    }

    HttpResponse<String> create(String token) {
        return send("POST", "/api/sessions", token, "{}");
    }

    HttpResponse<String> join(String code, String... headers) {
        return send("POST", "/api/sessions/" + code + "/members", null, "{\"displayName\":\"Ana\"}", headers);
    }

    HttpResponse<String> sendMessage(String code, String token, String... headers) {
        return send("POST", "/api/sessions/" + code + "/messages", token, "{\"content\":\"Hello\"}", headers);
    }

    /** Creates a session anonymously; returns the 201 body. */
    JsonNode created() {
        var response = create(null);
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

    static String code(JsonNode entered) {
        return entered.path("session").path("code").asText();
    }

    static String token(JsonNode entered) {
        return entered.path("member").path("token").asText();
    }

    static String memberId(JsonNode entered) {
        return entered.path("member").path("id").asText();
    }

    /** The three {@code RateLimit-*} headers as numbers; fails when one is missing. */
    static Map<String, Long> rateLimitHeaders(HttpResponse<String> response) {
        return Map.of(
                "limit", header(response, "RateLimit-Limit"),
                "remaining", header(response, "RateLimit-Remaining"),
                "reset", header(response, "RateLimit-Reset"));
    }

    private static long header(HttpResponse<String> response, String name) {
        return Long.parseLong(response.headers()
                .firstValue(name)
                .orElseThrow(() -> new AssertionError(name + " missing from " + response.headers())));
    }

    /** Asserts a 429 rate_limited problem whose {@code retryAfter} equals {@code Retry-After}; returns it in seconds. */
    static long refused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        var body = json(response);
        assertThat(body.path("code").asText()).isEqualTo("rate_limited");
        assertThat(body.path("status").asInt()).isEqualTo(429);
        long retryAfter = body.path("retryAfter").asLong();
        assertThat(retryAfter).isGreaterThanOrEqualTo(1);
        assertThat(response.headers().firstValue("Retry-After")).contains(Long.toString(retryAfter));
        assertThat(rateLimitHeaders(response)).containsEntry("remaining", 0L);
        return retryAfter;
    }
}
