package io.huddle.adapters.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.huddle.domain.session.OwnerId;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevelopmentTokensTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_minted_token_is_accepted_by_the_gateway_with_the_same_settings_and_names_its_user() throws Exception {
        var settings = new JwtSettings(
                new JwtSettings.Key.Secret(SECRET), Optional.of("https://id.example"), Optional.of("huddle"));
        var now = Instant.now();

        var token = DevelopmentTokens.mint(settings, "alice", Duration.ofHours(1), now)
                .orElseThrow();

        assertThat(new JwtUserTokens(settings).verify(token)).contains(new OwnerId("alice"));
        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().toInstant().getEpochSecond())
                .isEqualTo(now.plus(Duration.ofHours(1)).getEpochSecond());
        assertThat(claims.getIssuer()).isEqualTo("https://id.example");
        assertThat(claims.getAudience()).isEqualTo(List.of("huddle"));
    }

    @Test
    void a_token_past_its_ttl_is_refused() {
        var settings = new JwtSettings(new JwtSettings.Key.Secret(SECRET), Optional.empty(), Optional.empty());
        var token = DevelopmentTokens.mint(
                        settings, "alice", Duration.ofMinutes(1), Instant.now().minusSeconds(600))
                .orElseThrow();

        assertThat(new JwtUserTokens(settings).verify(token)).isEmpty();
    }

    @Test
    void with_a_public_key_there_is_no_secret_to_sign_with() throws Exception {
        var rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        var pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        var settings = new JwtSettings(new JwtSettings.Key.PublicKeyPem(pem), Optional.empty(), Optional.empty());

        assertThat(DevelopmentTokens.mint(settings, "alice", Duration.ofHours(1), Instant.now()))
                .isEmpty();
    }
}
