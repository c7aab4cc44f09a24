package io.huddle.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.message.LogSpan;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.MessageStats;
import io.huddle.domain.message.SearchQuery;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.state.SharedState;
import io.huddle.domain.state.StateData;
import io.huddle.domain.state.StateStore;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's routes on a real {@link WebServer} on a free port over the in-memory stores (open mode; user tokens are {@code user-<id>}), a clock the test moves, a message
 * log and a state store the test can take down, and an HTTP client that speaks to it.
 */
public final class TestHuddle implements AutoCloseable {
    public static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Duration RETRY_AFTER = Duration.ofMillis(2500);

    public final Clock clock = new Clock();
    public final InMemoryEventBus events = new InMemoryEventBus();
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemorySessionCache cache = new InMemorySessionCache(clock);
    private final InMemoryMemberStore members = new InMemoryMemberStore(clock);
    private final InMemoryPresenceStore presence = new InMemoryPresenceStore(clock);
    private final FlakyLog log = new FlakyLog(new InMemoryMessageLog(sessions));
    private final FlakyState states = new FlakyState(new InMemoryStateStore(clock));
    private final Served served;

    /** A clock that moves only when a test moves it; starts at the real time. */
    public static final class Clock implements InstantSource {
        private final AtomicReference<Instant> now =
                new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MILLIS));

        @Override
        public Instant instant() {
            return now.get();
        }

        public Instant advance(Duration by) {
            return now.updateAndGet(t -> t.plus(by));
        }
    }

    public TestHuddle() {
        var recent = new InMemoryRecentMessages(20, clock);
        var ports = new Ports(
                sessions,
                cache,
                members,
                presence,
                events,
                states,
                log,
                recent,
                new InMemoryMessageRelay(recent, events, cache),
                new InMemoryRateLimiter(clock),
                new InMemoryInstanceRegistry(clock),
                token -> token.startsWith("user-") ? Optional.of(new OwnerId(token)) : Optional.empty());
        this.served = Served.start(ports, UseCases.Settings.defaults(), clock);
    }

    @Override
    public void close() {
        served.close();
    }

    /** Takes the message log down (or up): every call then fails as a real adapter's would. */
    public void messagesDown(boolean down) {
        log.down = down;
    }

    /** Takes the state store down (or up). */
    public void stateDown(boolean down) {
        states.down = down;
    }

    // --- HTTP

    public HttpRequest.Builder request(String path, String token) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + served.port() + path));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    public HttpResponse<String> send(HttpRequest request) {
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

    /**
     * A GET written byte for byte, for a target HttpClient refuses to send (a query that is not valid
     * percent-encoding, such as {@code ?limit=%}): the whole response, status line first.
     */
    public String rawGet(String target, String token) {
        var request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Connection: close\r\n\r\n";
        try (var socket = new java.net.Socket("127.0.0.1", served.port())) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code token} null sends no Authorization header. */
    public HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public HttpResponse<String> delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    /** {@code json} null sends no body. */
    public HttpResponse<String> post(String path, String token, String json) {
        return send(withJson(request(path, token), json, "POST").build());
    }

    public HttpResponse<String> put(String path, String token, String json, String... headers) {
        var builder = request(path, token);
        if (headers.length > 0) builder.headers(headers);
        return send(withJson(builder, json, "PUT").build());
    }

    private static HttpRequest.Builder withJson(HttpRequest.Builder builder, String json, String method) {
        if (json == null) return builder.method(method, HttpRequest.BodyPublishers.noBody());
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    // --- arranging a scene

    /** A new session in open mode, created as {@code token}'s holder (null: anonymously). */
    public Party created(String token) {
        var response = post("/api/sessions", token, "{\"displayName\":\"Alice\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var body = json(response);
        return new Party(body.path("session").path("code").asText(), member(body));
    }

    public Party created() {
        return created(null);
    }

    /** A new member of {@code code} with {@code role}. */
    public Member joined(String code, String displayName, String role) {
        var response = post(
                "/api/sessions/" + code + "/members",
                null,
                "{\"displayName\":\"" + displayName + "\",\"role\":\"" + role + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return member(json(response));
    }

    private static Member member(JsonNode entered) {
        var member = entered.path("member");
        return new Member(
                member.path("id").asText(),
                member.path("displayName").asText(),
                member.path("token").asText());
    }

    /** A session and its owner member. */
    public record Party(String code, Member owner) {}

    public record Member(String id, String name, String token) {}

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.reader().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts a problem+json answer with this status and code, and returns its body. */
    public static JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        var body = json(response);
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        return body;
    }

    /** The fields of each error of an {@code invalid_request}. */
    public static List<String> errorFields(JsonNode problem) {
        var fields = new ArrayList<String>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    public static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static StoreUnavailable unavailable(String store) {
        return new StoreUnavailable(store, RETRY_AFTER, new IOException("Connection refused: secret://db"));
    }

    /** The in-memory log, which a test can take down. */
    private static final class FlakyLog implements MessageLog {
        private final MessageLog log;
        volatile boolean down;

        FlakyLog(MessageLog log) {
            this.log = log;
        }

        private void check() {
            if (down) throw unavailable("postgres");
        }

        @Override
        public List<Appended> appendAll(List<Append> appends) {
            check();
            return log.appendAll(appends);
        }

        @Override
        public HistoryPage page(SessionCode session, HistoryQuery query) {
            check();
            return log.page(session, query);
        }

        @Override
        public List<Message> search(SessionCode session, SearchQuery query) {
            check();
            return log.search(session, query);
        }

        @Override
        public MessageStats stats(SessionCode session) {
            check();
            return log.stats(session);
        }

        @Override
        public void clear(SessionCode session) {
            check();
            log.clear(session);
        }

        @Override
        public LogSpan span(SessionCode session) {
            check();
            return log.span(session);
        }
    }

    /** The in-memory state store, which a test can take down. */
    private static final class FlakyState implements StateStore {
        private final StateStore store;
        volatile boolean down;

        FlakyState(StateStore store) {
            this.store = store;
        }

        private void check() {
            if (down) throw unavailable("redis");
        }

        @Override
        public SharedState get(SessionCode session) {
            check();
            return store.get(session);
        }

        @Override
        public Written write(Session session, StateData data, OptionalLong baseVersion, MemberId by, Instant at) {
            check();
            return store.write(session, data, baseVersion, by, at);
        }

        @Override
        public void clear(SessionCode session) {
            check();
            store.clear(session);
        }
    }
}
