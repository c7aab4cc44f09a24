package io.huddle.adapters.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.huddle.domain.session.OwnerId;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JwtUserTokensTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);

    private final JwtUserTokens hs256 =
            new JwtUserTokens(new JwtSettings(new JwtSettings.Key.Secret(SECRET), Optional.empty(), Optional.empty()));

    private static JWTClaimsSet.Builder claims(String subject, Instant expires) {
        var builder = new JWTClaimsSet.Builder().expirationTime(Date.from(expires));
        return subject == null ? builder : builder.subject(subject);
    }

    private static JWTClaimsSet valid() {
        return claims("user-1", Instant.now().plusSeconds(300)).build();
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
        return typed(JOSEObjectType.JWT, signer, algorithm, claims);
    }

    private static String typed(JOSEObjectType type, JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims)
            throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(type).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void a_valid_hs256_token_names_its_subject() throws Exception {
        assertThat(hs256.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, valid())))
                .contains(new OwnerId("user-1"));
    }

    @Test
    void an_oauth_access_token_typed_at_jwt_is_accepted_as_is_one_with_no_typ() throws Exception {
        var signer = new MACSigner(SECRET);
        for (var type : new String[] {"at+jwt", "application/at+jwt", "AT+JWT"}) {
            assertThat(hs256.verify(typed(new JOSEObjectType(type), signer, JWSAlgorithm.HS256, valid())))
                    .as(type)
                    .contains(new OwnerId("user-1"));
        }
        assertThat(hs256.verify(typed(null, signer, JWSAlgorithm.HS256, valid())))
                .contains(new OwnerId("user-1"));
    }

    @Test
    void a_token_typed_for_something_else_is_refused() throws Exception {
        var signer = new MACSigner(SECRET);
        for (var type : new String[] {"secevent+jwt", "logout+jwt", "dpop+jwt"}) {
            assertThat(hs256.verify(typed(new JOSEObjectType(type), signer, JWSAlgorithm.HS256, valid())))
                    .as(type)
                    .isEmpty();
        }
    }

    @Test
    void a_token_issued_in_the_future_is_refused_beyond_the_allowed_skew() throws Exception {
        var later = claims("user-1", Instant.now().plusSeconds(7200))
                .issueTime(Date.from(Instant.now().plusSeconds(3600)))
                .build();
        assertThat(hs256.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, later)))
                .isEmpty();
        var withinSkew = claims("user-1", Instant.now().plusSeconds(300))
                .issueTime(Date.from(Instant.now().plusSeconds(10)))
                .build();
        assertThat(hs256.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, withinSkew)))
                .isPresent();
    }

    @Test
    void an_expired_token_is_refused_beyond_the_allowed_skew() throws Exception {
        var expired = claims("user-1", Instant.now().minusSeconds(60)).build();
        assertThat(hs256.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, expired)))
                .isEmpty();
        var withinSkew = claims("user-1", Instant.now().minusSeconds(10)).build();
        assertThat(hs256.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, withinSkew)))
                .isPresent();
    }

    @Test
    void a_token_without_exp_is_refused() throws Exception {
        var noExp = new JWTClaimsSet.Builder().subject("user-1").build();
        assertThat(hs256.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, noExp)))
                .isEmpty();
    }

    @Test
    void alg_none_is_refused() {
        var unsigned = new PlainJWT(new PlainHeader(), valid()).serialize();
        assertThat(hs256.verify(unsigned)).isEmpty();
    }

    @Test
    void a_token_signed_with_another_secret_is_refused() throws Exception {
        assertThat(hs256.verify(sign(new MACSigner(OTHER_SECRET), JWSAlgorithm.HS256, valid())))
                .isEmpty();
    }

    @Test
    void an_hs256_token_keyed_with_the_rsa_public_key_is_refused() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        var verifier = new JwtUserTokens(new JwtSettings(
                new JwtSettings.Key.PublicKeyPem(pem(rsa.getPublic())), Optional.empty(), Optional.empty()));
        // The classic confusion attack: the public key, known to everyone, used as an HMAC secret.
        byte[] publicKeyAsSecret = pem(rsa.getPublic()).getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(sign(new MACSigner(publicKeyAsSecret), JWSAlgorithm.HS256, valid())))
                .isEmpty();
        assertThat(verifier.verify(sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, valid())))
                .contains(new OwnerId("user-1"));
    }

    @Test
    void an_es256_key_accepts_es256_tokens_only() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = generator.generateKeyPair();
        var verifier = new JwtUserTokens(new JwtSettings(
                new JwtSettings.Key.PublicKeyPem(pem(ec.getPublic())), Optional.empty(), Optional.empty()));
        assertThat(verifier.verify(sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()), JWSAlgorithm.ES256, valid())))
                .contains(new OwnerId("user-1"));
        assertThat(verifier.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, valid())))
                .isEmpty();
    }

    @Test
    void issuer_and_audience_are_checked_when_configured() throws Exception {
        var strict = new JwtUserTokens(new JwtSettings(
                new JwtSettings.Key.Secret(SECRET), Optional.of("https://id.example"), Optional.of("huddle")));
        var signer = new MACSigner(SECRET);
        var expires = Instant.now().plusSeconds(300);
        var right = claims("user-1", expires)
                .issuer("https://id.example")
                .audience("huddle")
                .build();
        var wrongIssuer = claims("user-1", expires)
                .issuer("https://evil.example")
                .audience("huddle")
                .build();
        var wrongAudience = claims("user-1", expires)
                .issuer("https://id.example")
                .audience("other")
                .build();
        var noAudience = claims("user-1", expires).issuer("https://id.example").build();
        assertThat(strict.verify(sign(signer, JWSAlgorithm.HS256, right))).contains(new OwnerId("user-1"));
        assertThat(strict.verify(sign(signer, JWSAlgorithm.HS256, wrongIssuer))).isEmpty();
        assertThat(strict.verify(sign(signer, JWSAlgorithm.HS256, wrongAudience)))
                .isEmpty();
        assertThat(strict.verify(sign(signer, JWSAlgorithm.HS256, noAudience))).isEmpty();
    }

    @Test
    void a_token_without_sub_is_refused() throws Exception {
        var noSubject = claims(null, Instant.now().plusSeconds(300)).build();
        assertThat(hs256.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, noSubject)))
                .isEmpty();
    }

    @Test
    void a_sub_that_is_no_user_id_is_refused_and_one_of_128_characters_taken() throws Exception {
        for (var subject : new String[] {"a\u0000b", "a\u0007b", "u".repeat(129), "anonymous"}) {
            var claims = claims(subject, Instant.now().plusSeconds(300)).build();
            assertThat(hs256.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims)))
                    .as(subject)
                    .isEmpty();
        }
        var longest = claims("\uD83D\uDE00".repeat(128), Instant.now().plusSeconds(300))
                .build();
        assertThat(hs256.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, longest)))
                .contains(new OwnerId("\uD83D\uDE00".repeat(128)));
    }

    @Test
    void a_refused_token_is_logged_at_debug_with_its_reason_and_never_itself() throws Exception {
        var strict = new JwtUserTokens(new JwtSettings(
                new JwtSettings.Key.Secret(SECRET), Optional.of("https://id.example"), Optional.of("huddle")));
        var signer = new MACSigner(SECRET);
        var later = Instant.now().plusSeconds(300);
        var expired = sign(
                signer,
                JWSAlgorithm.HS256,
                claims("user-1", Instant.now().minusSeconds(120))
                        .issuer("https://id.example")
                        .audience("huddle")
                        .build());
        var badSignature = sign(
                new MACSigner(OTHER_SECRET),
                JWSAlgorithm.HS256,
                claims("user-1", later)
                        .issuer("https://id.example")
                        .audience("huddle")
                        .build());
        var noExp = sign(
                signer,
                JWSAlgorithm.HS256,
                new JWTClaimsSet.Builder()
                        .subject("user-1")
                        .issuer("https://id.example")
                        .audience("huddle")
                        .build());
        var wrongAudience = sign(
                signer,
                JWSAlgorithm.HS256,
                claims("user-1", later)
                        .issuer("https://id.example")
                        .audience("other")
                        .build());
        var wrongIssuer = sign(
                signer,
                JWSAlgorithm.HS256,
                claims("user-1", later)
                        .issuer("https://evil.example")
                        .audience("huddle")
                        .build());
        var wrongType = typed(
                new JOSEObjectType("secevent+jwt"),
                signer,
                JWSAlgorithm.HS256,
                claims("user-1", later)
                        .issuer("https://id.example")
                        .audience("huddle")
                        .build());
        var tokens = List.of(expired, badSignature, noExp, wrongAudience, wrongIssuer, wrongType);

        var logs = capture(
                () -> tokens.forEach(token -> assertThat(strict.verify(token)).isEmpty()));

        assertThat(logs).extracting(ILoggingEvent::getLevel).containsOnly(Level.DEBUG);
        assertThat(logs)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "user token refused: expired",
                        "user token refused: bad signature",
                        "user token refused: missing exp",
                        "user token refused: wrong aud",
                        "user token refused: wrong iss",
                        "user token refused: typ not accepted (JWT, at+jwt or none)");
        for (var token : tokens) {
            assertThat(logs)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(line -> line.contains(token) || line.contains(token.split("\\.")[2]));
        }
    }

    /** The events of JwtUserTokens's logger, at DEBUG, while {@code action} runs. */
    private static List<ILoggingEvent> capture(Runnable action) {
        var logger = (Logger) LoggerFactory.getLogger(JwtUserTokens.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
        return List.copyOf(appender.list);
    }

    @Test
    void garbage_is_refused_without_an_exception() {
        assertThat(hs256.verify("not-a-jwt")).isEmpty();
        assertThat(hs256.verify("a.b.c")).isEmpty();
        assertThat(hs256.verify("")).isEmpty();
    }

    @Test
    void a_public_key_file_that_is_not_a_key_is_refused_at_start_up() {
        assertThatThrownBy(() -> new JwtUserTokens(new JwtSettings(
                        new JwtSettings.Key.PublicKeyPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
                        Optional.empty(),
                        Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
