package io.huddle.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.huddle.adapters.web.auth.JwtSettings;
import io.huddle.adapters.web.auth.JwtUserTokens;
import io.huddle.domain.session.OwnerId;
import io.huddle.runtime.settings.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenCommandTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return TokenCommand.run(
                List.of(args),
                new Env(env),
                InstantSource.fixed(NOW),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines(ByteArrayOutputStream stream) {
        var text = stream.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void prints_one_token_for_the_user_that_a_gateway_with_the_same_secret_accepts() throws Exception {
        int code = run(Map.of("HUDDLE_JWT_SECRET", SECRET), "--sub", "alice", "--ttl", "2h");

        assertThat(code).isZero();
        assertThat(lines(out)).hasSize(1);
        var token = lines(out).getFirst();
        var verifier = new JwtUserTokens(new JwtSettings(
                new JwtSettings.Key.Secret(SECRET.getBytes(StandardCharsets.UTF_8)),
                Optional.empty(),
                Optional.empty()));
        // Verified on the real clock: the token was minted "now" and lives two hours.
        assertThat(verifier.verify(token)).contains(new OwnerId("alice"));
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant())
                .isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(lines(err)).isEmpty();
    }

    @Test
    void the_ttl_defaults_to_one_hour_and_iss_and_aud_follow_the_settings() throws Exception {
        var env = Map.of(
                "HUDDLE_JWT_SECRET",
                SECRET,
                "HUDDLE_JWT_ISSUER",
                "https://id.example",
                "HUDDLE_JWT_AUDIENCE",
                "huddle");

        assertThat(run(env, "--sub", "bob")).isZero();

        var claims = SignedJWT.parse(lines(out).getFirst()).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(claims.getIssuer()).isEqualTo("https://id.example");
        assertThat(claims.getAudience()).containsExactly("huddle");
    }

    @Test
    void without_a_secret_it_refuses_in_one_line_naming_the_setting() {
        assertThat(run(Map.of(), "--sub", "alice")).isEqualTo(2);

        assertThat(lines(out)).isEmpty();
        assertThat(lines(err)).hasSize(1);
        assertThat(lines(err).getFirst()).startsWith("HUDDLE_JWT_SECRET is not set");
    }

    @Test
    void a_missing_sub_an_unknown_option_or_a_bad_ttl_is_one_line_and_exit_2() {
        assertThat(run(Map.of("HUDDLE_JWT_SECRET", SECRET))).isEqualTo(2);
        assertThat(run(Map.of("HUDDLE_JWT_SECRET", SECRET), "--user", "alice")).isEqualTo(2);
        assertThat(run(Map.of("HUDDLE_JWT_SECRET", SECRET), "--sub", "alice", "--ttl", "soon"))
                .isEqualTo(2);
        assertThat(run(Map.of("HUDDLE_JWT_SECRET", "short"), "--sub", "alice")).isEqualTo(2);

        assertThat(lines(out)).isEmpty();
        assertThat(lines(err))
                .hasSize(4)
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("--sub is required"),
                        line -> assertThat(line).startsWith("unknown option --user"),
                        line -> assertThat(line).startsWith("--ttl: \"soon\" is not a duration"),
                        line -> assertThat(line)
                                .startsWith("HUDDLE_JWT_SECRET: must be at least 32 bytes")
                                .doesNotContain("short"));
    }
}
