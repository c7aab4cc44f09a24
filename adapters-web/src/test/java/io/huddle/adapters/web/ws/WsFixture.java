package io.huddle.adapters.web.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.Json;
import io.huddle.adapters.web.Served;
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
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.UserTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's routes, {@code /ws} among them, on a real web server over the in-memory stores (embedded
 * mode), with a short heartbeat and typing timeout so the tests that wait for them stay short.
 */
final class WsFixture implements AutoCloseable {
    static final String GOOD_ORIGIN = "https://good.example";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final InstantSource clock = InstantSource.system();
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final InMemorySessionCache cache = new InMemorySessionCache(clock);
    final InMemoryMemberStore members = new InMemoryMemberStore(clock);
    final InMemoryPresenceStore presence = new InMemoryPresenceStore(clock);
    /** Open while unregistrations may go on; {@link #holdUnregistrations} closes it. */
    private volatile CountDownLatch unregistrations = new CountDownLatch(0);

    final InMemoryEventBus events = new InMemoryEventBus();
    final InMemoryMessageLog log = new InMemoryMessageLog(sessions);
    final InMemoryRecentMessages recent = new InMemoryRecentMessages(100, clock);
    final InMemoryStateStore state = new InMemoryStateStore(clock);
    private final Served served;
    final int port;

    /** A short heartbeat and typing timeout keep the tests that wait for them short; every rate limit off by default. */
    record Options(Duration heartbeat, int maxSockets, Duration typingTimeout, LimitPolicy.Tiers limits) {
        Options(Duration heartbeat, int maxSockets, Duration typingTimeout) {
            this(heartbeat, maxSockets, typingTimeout, LimitPolicy.Tiers.off());
        }

        static Options defaults() {
            return new Options(Duration.ofSeconds(10), 5, Duration.ofSeconds(5));
        }

        Options withLimits(LimitPolicy.Tiers tiers) {
            return new Options(heartbeat, maxSockets, typingTimeout, tiers);
        }
    }

    WsFixture() {
        this(Options.defaults());
    }

    WsFixture(Options options) {
        var ports = new Ports(
                sessions,
                cache,
                members,
                heldAtClose(presence),
                events,
                state,
                log,
                recent,
                new InMemoryMessageRelay(recent, events, cache),
                new InMemoryRateLimiter(clock),
                new InMemoryInstanceRegistry(clock),
                UserTokens.NONE);
        var settings = UseCases.Settings.defaults()
                .withLimits(options.limits())
                .withMaxSocketsPerMember(options.maxSockets())
                .withTypingTimeout(options.typingTimeout());
        this.served = Served.start(ports, settings, clock, true, List.of(GOOD_ORIGIN), options.heartbeat(), List.of());
        this.port = served.port();
    }

    @Override
    public void close() {
        served.close();
    }

    /** From now on a closing socket's unregistration waits at the presence store, until released. */
    void holdUnregistrations() {
        unregistrations = new CountDownLatch(1);
    }

    void releaseUnregistrations() {
        unregistrations.countDown();
    }

    /** {@code store}, whose {@code socketClosed} waits while unregistrations are held. */
    private PresenceStore heldAtClose(PresenceStore store) {
        return (PresenceStore) Proxy.newProxyInstance(
                PresenceStore.class.getClassLoader(), new Class<?>[] {PresenceStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("socketClosed")) unregistrations.await(10, TimeUnit.SECONDS);
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Stops the server as the process does on SIGTERM. */
    void drain() {
        served.server.drain(Duration.ofSeconds(1));
    }

    // --- HTTP

    HttpResponse<String> http(String method, String path, String token, String json) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) builder.header("Authorization", "Bearer " + token);
        if (json != null) builder.header("Content-Type", "application/json");
        builder.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.reader().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A member of a session, as create or join answered it. */
    record Entered(String code, String memberId, String token) {}

    Entered created() {
        var response = http("POST", "/api/sessions", null, "{\"displayName\":\"Owner\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return entered(json(response));
    }

    Entered joined(String code, String name, String role) {
        var response = http(
                "POST",
                "/api/sessions/" + code + "/members",
                null,
                "{\"displayName\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return entered(json(response));
    }

    private static Entered entered(JsonNode body) {
        return new Entered(
                body.path("session").path("code").asText(),
                body.path("member").path("id").asText(),
                body.path("member").path("token").asText());
    }

    /** A socket of {@code who}, with its welcome taken and returned. */
    WsClient open(Entered who) {
        return open(who, "");
    }

    WsClient open(Entered who, String query) {
        var client = WsClient.withToken(port, who.token(), query);
        assertThat(client.next().path("type").asText()).isEqualTo("welcome");
        return client;
    }

    WsClient connect(Map<String, String> headers, List<String> subprotocols, String query) {
        return WsClient.connect(WsClient.uri(port, query), headers, subprotocols);
    }
}
