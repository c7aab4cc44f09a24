package io.huddle.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huddle.gateway.Gateway;
import io.huddle.gateway.GatewayConfig;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.Env;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver as a user runs it, against an embedded gateway in this JVM with its default rate limits
 * (PROTOCOL.md section 7): what it prints in its JSON line, its exit status, and what it leaves behind.
 * The loads stay far below what the machine notices (a few members, tens of messages).
 */
class LoadDriverAgainstGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVER_KEY = "hk_" + "loaddrivertest".repeat(3);
    private static final String JWT_SECRET = "a-secret-of-at-least-32-bytes-for-hs256";

    @TempDir
    Path dir;

    private Service gateway;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
    }

    private void start(Map<String, String> settings) {
        var env = new HashMap<>(settings);
        env.put("PORT", "0");
        env.put("HUDDLE_SERVER_KEYS", "test:" + SERVER_KEY);
        gateway = Gateway.start(GatewayConfig.from(new Env(env)), InstantSource.system());
    }

    private String url() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** Runs the driver with {@code args}, expects {@code status}, and returns its JSON line. */
    private JsonNode drive(int status, Map<String, String> environment, String... args) throws Exception {
        var out = dir.resolve("results.jsonl");
        Files.deleteIfExists(out);
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", out.toString()));
        if (!all.contains("--urls")) all.addAll(List.of("--urls", url()));
        assertThat(LoadDriver.execute(all.toArray(String[]::new), environment)).isEqualTo(status);
        var lines = Files.readAllLines(out);
        return JSON.readTree(lines.getLast());
    }

    private static final String[] SMALL_FANOUT = {
        "--scenario",
        "fanout",
        "--sessions",
        "2",
        "--members",
        "3",
        "--rate",
        "10",
        "--duration",
        "1",
        "--warmup",
        "0",
        "--drain",
        "3"
    };

    /** The codes of the gateway's live sessions, from its server API. */
    private List<String> liveSessions() throws IOException, InterruptedException {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url() + "/api/server/sessions?limit=100"))
                                .header("Authorization", "Bearer " + SERVER_KEY)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        var codes = new ArrayList<String>();
        JSON.readTree(response.body())
                .path("sessions")
                .forEach(s -> codes.add(s.path("code").asText()));
        return codes;
    }

    @Test
    void a_run_within_the_limits_is_ok_exits_0_and_ends_the_sessions_it_created() throws Exception {
        start(Map.of());

        var result = drive(0, Map.of(), SMALL_FANOUT);

        assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("deliveries").path("missing").asLong()).isZero();
        assertThat(result.path("cleanup").path("created").asInt()).isEqualTo(2);
        assertThat(result.path("cleanup").path("ended").asInt()).isEqualTo(2);
        assertThat(liveSessions()).isEmpty();
    }

    @Test
    void with_keep_sessions_they_stay_live_and_their_codes_are_listed() throws Exception {
        start(Map.of());

        var result = drive(0, Map.of(), concat(SMALL_FANOUT, "--keep-sessions"));

        var kept = new ArrayList<String>();
        result.path("cleanup").path("kept").forEach(code -> kept.add(code.asText()));
        assertThat(kept).hasSize(2);
        assertThat(liveSessions()).containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void a_run_the_gateway_rate_limits_says_which_limit_and_is_a_failure() throws Exception {
        start(Map.of());

        // One sender, 40 a second for 2 s: the default message limit (60 a minute per member) refuses 20.
        var result = drive(
                1,
                Map.of(),
                "--scenario",
                "fanout",
                "--sessions",
                "1",
                "--members",
                "2",
                "--rate",
                "40",
                "--duration",
                "2",
                "--warmup",
                "0",
                "--drain",
                "3");

        assertThat(result.path("ok").asBoolean()).isFalse();
        long refused = 0;
        for (var tier : result.path("rateLimited")) refused += tier.asLong();
        // All 20 by the message limit, unless a late schedule sent more than 50 in one second (the burst limit).
        assertThat(refused).as(result.toString()).isEqualTo(20);
        assertThat(result.path("rateLimited").path("message").asLong()).isPositive();
        assertThat(result.path("warning").asText())
                .startsWith("rate limited by the gateway (")
                .contains("message ")
                .contains("raise RATE_LIMIT_")
                .contains("RATE_LIMIT_MESSAGE");
        assertThat(Summary.lines(result).getFirst()).contains("ok=false WARNING rate limited by the gateway");
    }

    @Test
    void a_gateway_in_jwt_mode_takes_the_server_key_and_refuses_a_run_without_a_credential() throws Exception {
        start(Map.of("HUDDLE_AUTH_MODE", "jwt", "HUDDLE_JWT_SECRET", JWT_SECRET));

        var refused = drive(1, Map.of(), SMALL_FANOUT);
        var withKey = drive(0, Map.of("KEY", SERVER_KEY), concat(SMALL_FANOUT, "--server-key", "env:KEY"));
        var withToken = drive(0, Map.of(), concat(SMALL_FANOUT, "--jwt-secret", JWT_SECRET));

        assertThat(refused.path("errors").path("setup:unauthorized").asInt()).isEqualTo(2);
        assertThat(withKey.path("ok").asBoolean()).as(withKey.toString()).isTrue();
        assertThat(withKey.path("cleanup").path("ended").asInt()).isEqualTo(2);
        assertThat(withToken.path("ok").asBoolean()).as(withToken.toString()).isTrue();
        assertThat(liveSessions()).isEmpty();
    }

    @Test
    void no_gateway_at_the_url_is_a_failure() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        var result = drive(1, Map.of(), concat(SMALL_FANOUT, "--urls", "http://127.0.0.1:" + port));

        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("errors").path("setup:ECONNREFUSED").asInt()).isEqualTo(2);
    }

    private static String[] concat(String[] first, String... more) {
        var all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
