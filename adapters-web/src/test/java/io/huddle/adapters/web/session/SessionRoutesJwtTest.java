package io.huddle.adapters.web.session;

import static io.huddle.adapters.web.session.TestGateway.code;
import static io.huddle.adapters.web.session.TestGateway.json;
import static io.huddle.adapters.web.session.TestGateway.problem;
import static io.huddle.adapters.web.session.TestGateway.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.huddle.adapters.web.auth.JwtSettings;
import io.huddle.adapters.web.auth.JwtUserTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoints in jwt mode, with real HS256 user tokens. */
class SessionRoutesJwtTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);

    private static TestGateway api;

    @BeforeAll
    static void start() {
        api = new TestGateway(
                SessionRoutes.Settings.jwtMode(),
                new JwtUserTokens(
                        new JwtSettings(new JwtSettings.Key.Secret(SECRET), Optional.empty(), Optional.empty())));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String jwt(String subject, Instant expires, byte[] secret) {
        var claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .expirationTime(Date.from(expires))
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Valid for five minutes of real time (nimbus checks {@code exp} against the system clock). */
    private static String jwt(String subject) {
        return jwt(subject, Instant.now().plusSeconds(300), SECRET);
    }

    private static List<String> codes(JsonNode page) {
        return page.path("sessions").findValuesAsText("code");
    }

    @Test
    void a_valid_user_token_creates_a_session_owned_by_its_subject() {
        var body = api.created(jwt("user-1"), "{\"name\":\"Math study\"}");

        assertThat(body.path("session").path("ownerId").asText()).isEqualTo("user-1");
        assertThat(body.path("member").path("role").asText()).isEqualTo("owner");
        assertThat(api.get("/api/sessions/" + code(body), jwt("user-1")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void creating_without_a_user_token_is_401() {
        var someone = api.created(jwt("user-1"), "{}");

        problem(api.post("/api/sessions", null, "{}"), 401, "unauthorized");
        problem(api.post("/api/sessions", null, null), 401, "unauthorized");
        problem(api.post("/api/sessions", token(someone), "{}"), 401, "unauthorized");
    }

    @Test
    void an_expired_or_wrongly_signed_user_token_is_401() {
        String expired = jwt("user-1", Instant.now().minusSeconds(120), SECRET);
        String forged = jwt("user-1", Instant.now().plusSeconds(300), OTHER_SECRET);

        for (String bad : List.of(expired, forged)) {
            problem(api.post("/api/sessions", bad, "{}"), 401, "unauthorized");
            problem(api.get("/api/sessions", bad), 401, "unauthorized");
        }
    }

    @Test
    void the_owner_lists_only_its_own_sessions_newest_first_page_by_page() {
        String owner = "pager-" + System.nanoTime();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.addFirst(code(api.created(jwt(owner), "{\"name\":\"S" + i + "\"}")));
            api.clock.advance(Duration.ofMillis(5));
        }
        api.created(jwt("someone-else"), "{}");

        List<String> seen = new ArrayList<>();
        var first = json(api.get("/api/sessions?limit=2", jwt(owner)));
        seen.addAll(codes(first));
        assertThat(first.path("nextCursor").isTextual()).isTrue();
        var second = json(api.get(
                "/api/sessions?limit=2&cursor=" + first.path("nextCursor").asText(), jwt(owner)));
        seen.addAll(codes(second));
        assertThat(second.path("nextCursor").isTextual()).isTrue();
        var third = json(api.get(
                "/api/sessions?limit=2&cursor=" + second.path("nextCursor").asText(), jwt(owner)));
        seen.addAll(codes(third));

        assertThat(codes(first)).hasSize(2);
        assertThat(codes(second)).hasSize(2);
        assertThat(codes(third)).hasSize(1);
        assertThat(third.path("nextCursor").isNull()).isTrue();
        assertThat(seen).containsExactlyElementsOf(created);
        first.path("sessions").forEach(s -> {
            assertThat(s.path("ownerId").asText()).isEqualTo(owner);
            assertThat(s.path("status").asText()).isEqualTo("active");
            assertThat(s.path("memberCount").asInt()).isEqualTo(1);
        });
    }

    @Test
    void the_default_page_is_twenty_sessions() {
        String owner = "many-" + System.nanoTime();
        for (int i = 0; i < 21; i++) api.created(jwt(owner), "{}");

        var page = json(api.get("/api/sessions", jwt(owner)));

        assertThat(codes(page)).hasSize(20);
        assertThat(page.path("nextCursor").isTextual()).isTrue();
    }

    @Test
    void the_status_filter_shows_active_ended_or_all_sessions_as_of_now() {
        String owner = "filter-" + System.nanoTime();
        String ended = code(api.created(jwt(owner), "{}"));
        api.clock.advance(Duration.ofMillis(5));
        String live = code(api.created(jwt(owner), "{}"));
        assertThat(api.delete("/api/sessions/" + ended, jwt(owner)).statusCode())
                .isEqualTo(204);

        var active = json(api.get("/api/sessions", jwt(owner)));
        var endedPage = json(api.get("/api/sessions?status=ended", jwt(owner)));
        var all = json(api.get("/api/sessions?status=all", jwt(owner)));

        assertThat(codes(active)).containsExactly(live);
        assertThat(codes(endedPage)).containsExactly(ended);
        assertThat(endedPage.path("sessions").get(0).path("status").asText()).isEqualTo("ended");
        assertThat(endedPage.path("sessions").get(0).path("memberCount").asInt())
                .isZero();
        assertThat(codes(all)).containsExactly(live, ended);
        assertThat(all.path("sessions").findValuesAsText("status")).containsExactly("active", "ended");
    }

    @Test
    void another_users_token_does_not_reveal_a_session() {
        var body = api.created(jwt("user-1"), "{}");

        problem(api.get("/api/sessions/" + code(body), jwt("user-2")), 404, "session_not_found");
        problem(api.delete("/api/sessions/" + code(body), jwt("user-2")), 404, "session_not_found");
    }

    @Test
    void joining_needs_no_user_token_in_jwt_mode() {
        var body = api.created(jwt("user-1"), "{}");

        var response = api.post("/api/sessions/" + code(body) + "/members", null, "{\"displayName\":\"Bob\"}");

        assertThat(response.statusCode()).isEqualTo(201);
    }
}
