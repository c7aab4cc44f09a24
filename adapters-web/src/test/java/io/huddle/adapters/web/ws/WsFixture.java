package io.huddle.adapters.web.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.Json;
import io.huddle.adapters.web.WebServer;
import io.huddle.adapters.web.WebSettings;
import io.huddle.adapters.web.session.SessionRoutes;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.health.CheckHealth;
import io.huddle.application.memory.InMemoryEventBus;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.application.memory.InMemoryMessageLog;
import io.huddle.application.memory.InMemoryPresenceStore;
import io.huddle.application.memory.InMemoryRecentMessages;
import io.huddle.application.memory.InMemorySessionCache;
import io.huddle.application.memory.InMemorySessionStore;
import io.huddle.application.memory.InMemoryStateStore;
import io.huddle.application.message.GetHistory;
import io.huddle.application.message.MessageHistory;
import io.huddle.application.message.SendMessage;
import io.huddle.application.realtime.CheckSocket;
import io.huddle.application.realtime.CloseSocket;
import io.huddle.application.realtime.FanOut;
import io.huddle.application.realtime.OpenSocket;
import io.huddle.application.realtime.ReadWelcome;
import io.huddle.application.realtime.ThreadScheduler;
import io.huddle.application.realtime.TypingSignals;
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
import io.huddle.application.state.UpdateState;
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
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real {@link WebServer} with the session routes and {@code /ws} over the in-memory stores (embedded
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
    final InMemoryEventBus events = new InMemoryEventBus();
    final InMemoryMessageLog log = new InMemoryMessageLog(sessions);
    final InMemoryRecentMessages recent = new InMemoryRecentMessages(100, clock);
    final InMemoryStateStore state = new InMemoryStateStore(clock);
    final ThreadScheduler scheduler = new ThreadScheduler();
    final WsRoutes ws;
    private final WebServer server;
    final int port;

    record Options(Duration heartbeat, int maxSockets, Duration typingTimeout, FrameGate gate) {
        Options(Duration heartbeat, int maxSockets, Duration typingTimeout) {
            this(heartbeat, maxSockets, typingTimeout, FrameGate.OPEN);
        }

        static Options defaults() {
            return new Options(Duration.ofSeconds(10), 5, Duration.ofSeconds(5));
        }

        Options withGate(FrameGate gate) {
            return new Options(heartbeat, maxSockets, typingTimeout, gate);
        }
    }

    WsFixture() {
        this(Options.defaults());
    }

    WsFixture(Options options) {
        var random = new SecureRandom();
        var live = new LiveSessions(sessions, cache, clock);
        var views = new SessionViews(members, presence, clock);
        var authenticate = new Authenticate(members, token -> Optional.empty());
        var remove = new RemoveMember(live, members, events);
        var history = new MessageHistory(log, recent);
        var sessionRoutes = new SessionRoutes(
                authenticate,
                new CreateSession(
                        sessions, cache, members, clock, random, new CreateSession.Settings(Duration.ofHours(24), 6)),
                new ListSessions(sessions, views, clock),
                new GetSession(live, views),
                new TerminateSession(live, new EndSession(sessions, cache, members, presence, events, clock)),
                new JoinSession(live, members, views, events, clock, random),
                new ListMembers(live, members, presence),
                remove,
                clock,
                SessionRoutes.Settings.openMode());
        var settings = new WsSettings(List.of(GOOD_ORIGIN), options.heartbeat(), "test-instance");
        this.ws = new WsRoutes(
                new WsRoutes.Parts(
                        new OpenSocket(authenticate, live, members, presence, events, clock, options.maxSockets()),
                        new ReadWelcome(members, presence, history, recent, state),
                        new CheckSocket(authenticate, members, sessions, clock),
                        new CloseSocket(members, presence, events),
                        new FanOut(events, history, members, presence, sessions, scheduler, clock, FanOut.GAP_WAIT),
                        new SendMessage(live, log, recent, cache, events, clock, random),
                        new GetHistory(live, history),
                        remove,
                        new UpdateState(live, state, cache, events, clock),
                        new TypingSignals(events, scheduler, options.typingTimeout()),
                        scheduler,
                        clock,
                        settings),
                options.gate());
        this.server = WebServer.create(
                        WebSettings.of(0, "test", "test-instance"),
                        new CheckHealth(List.of()),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of(sessionRoutes, ws))
                .start();
        this.port = server.port();
    }

    @Override
    public void close() {
        server.close();
        scheduler.close();
    }

    /** Stops the server as the process does on SIGTERM. */
    void drain() {
        server.drain(Duration.ofSeconds(1));
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
