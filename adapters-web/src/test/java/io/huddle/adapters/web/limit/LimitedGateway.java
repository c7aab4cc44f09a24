package io.huddle.adapters.web.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.ApiContract;
import io.huddle.adapters.web.HttpRoutes;
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
import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.application.memory.InMemoryStateStore;
import io.huddle.domain.limit.LimitPolicy;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.UserTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
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
    private final Served served;
    final int port;

    LimitedGateway(LimitPolicy.Tiers tiers, HttpRoutes... more) {
        this(tiers, List.of(), List.of(more));
    }

    /** Behind proxies: {@code trustedProxies} are the CIDRs whose X-Forwarded-For names the client. */
    static LimitedGateway behind(List<String> trustedProxies, LimitPolicy.Tiers tiers) {
        return new LimitedGateway(tiers, trustedProxies, List.of());
    }

    private LimitedGateway(LimitPolicy.Tiers tiers, List<String> trustedProxies, List<HttpRoutes> more) {
        var recent = new InMemoryRecentMessages(100, clock);
        var events = new InMemoryEventBus();
        var cache = new InMemorySessionCache(clock);
        var ports = new Ports(
                sessions,
                cache,
                new InMemoryMemberStore(clock),
                new InMemoryPresenceStore(clock),
                events,
                new InMemoryStateStore(clock),
                new InMemoryMessageLog(sessions),
                recent,
                new InMemoryMessageRelay(recent, events, cache),
                new InMemoryRateLimiter(clock),
                new InMemoryInstanceRegistry(clock),
                USERS);
        this.served = Served.start(
                ports,
                UseCases.Settings.defaults().withLimits(tiers),
                clock,
                true,
                List.of("*"),
                UseCases.Settings.DEFAULT_HEARTBEAT,
                trustedProxies,
                more.toArray(HttpRoutes[]::new));
        this.limits = served.routes.limits();
        this.port = served.port();
    }

    @Override
    public void close() {
        served.close();
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
        for (int i = 0; i < headers.length; i += 2) builder.setHeader(headers[i], headers[i + 1]);
        try {
            var request = builder.build();
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

    /** {@link #refused} by {@code tier}, which the problem names. */
    static long refusedBy(String tier, HttpResponse<String> response) {
        long retryAfter = refused(response);
        assertThat(json(response).path("tier").asText()).as(response.body()).isEqualTo(tier);
        return retryAfter;
    }

    /**
     * Asserts a 429 rate_limited problem whose {@code retryAfter} equals {@code Retry-After} and which
     * names a tier; returns {@code retryAfter} in seconds.
     */
    static long refused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        var body = json(response);
        assertThat(body.path("code").asText()).isEqualTo("rate_limited");
        assertThat(body.path("status").asInt()).isEqualTo(429);
        assertThat(body.path("tier").asText()).as("tier of " + response.body()).isNotEmpty();
        long retryAfter = body.path("retryAfter").asLong();
        assertThat(retryAfter).isGreaterThanOrEqualTo(1);
        assertThat(response.headers().firstValue("Retry-After")).contains(Long.toString(retryAfter));
        assertThat(rateLimitHeaders(response)).containsEntry("remaining", 0L);
        return retryAfter;
    }
}
