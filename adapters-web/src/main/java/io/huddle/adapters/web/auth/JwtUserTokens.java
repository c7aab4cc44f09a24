package io.huddle.adapters.web.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.UserTokens;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies user tokens with nimbus-jose-jwt. The key decides the single accepted algorithm, so
 * {@code alg: none} and algorithm confusion (an HS256 token signed with an RSA public key as its
 * secret) are refused; {@code sub} and {@code exp} are required; an {@code iat} in the future is refused;
 * 30 s of clock skew. The header's {@code typ} may be absent, {@code JWT}, or an OAuth 2.0 access token's
 * {@code at+jwt} (RFC 9068); any other type (an ID token's sibling such as {@code secevent+jwt}, a logout
 * token) is a token for something else and is refused.
 */
public final class JwtUserTokens implements UserTokens {
    static final int CLOCK_SKEW_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(JwtUserTokens.class);

    private final DefaultJWTProcessor<SecurityContext> processor;

    /** RFC 9068 access tokens: {@code at+jwt}, or its media type spelt out (RFC 7515 4.1.9 lets the prefix go). */
    static final Set<JOSEObjectType> ACCEPTED_TYPES =
            Set.of(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"));

    public JwtUserTokens(JwtSettings settings) {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(keySelector(settings.key()));
        // nimbus accepts only JWT or no typ by default, which refused every RFC 9068 access token from an
        // OAuth 2.0 authorization server that types them (as the RFC requires).
        var types = new HashSet<>(ACCEPTED_TYPES);
        types.add(null);
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(types));
        var exact = new JWTClaimsSet.Builder();
        settings.issuer().ifPresent(exact::issuer);
        Set<String> required = new HashSet<>(Set.of("sub", "exp"));
        var verifier = new NotIssuedInTheFuture(settings.audience().map(Set::of).orElse(null), exact.build(), required);
        verifier.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(verifier);
        this.processor = processor;
    }

    /** Refusals are logged at DEBUG with their reason (never the token): turn it on to see why a client gets 401. */
    @Override
    public Optional<OwnerId> verify(String token) {
        try {
            var claims = processor.process(token, null);
            var subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                log.debug("user token refused: missing sub");
                return Optional.empty();
            }
            var user = OwnerId.claimed(subject);
            // Never the sub itself: the token's issuer wrote it, and it may hold anything.
            if (user.isEmpty())
                log.debug(
                        "user token refused: sub is not a user id (1 to 128 characters, no control characters, not \"anonymous\")");
            return user;
        } catch (ParseException | BadJOSEException | JOSEException e) {
            if (log.isDebugEnabled()) log.debug("user token refused: {}", reason(e));
            return Optional.empty();
        }
    }

    /**
     * Why nimbus refused a token, in words of our own: its messages can quote claims the client wrote,
     * and a log line should name the rule, not repeat the input.
     */
    static String reason(Exception e) {
        if (e instanceof ParseException) return "malformed (not a signed JWT)";
        String message = String.valueOf(e.getMessage());
        if (message.contains("Expired JWT")) return "expired";
        if (message.contains("before use time")) return "not valid yet (nbf)";
        if (message.contains(NotIssuedInTheFuture.REFUSAL)) return "issued in the future (iat)";
        if (message.contains("missing required claims")) {
            return "missing " + (message.contains("exp") ? "exp" : "sub");
        }
        if (message.contains("audience") || message.contains("aud claim")) return "wrong aud";
        if (message.contains("iss claim")) return "wrong iss";
        if (message.contains("Invalid signature")) return "bad signature";
        if (message.contains("Unsecured") || message.contains("plain")) return "alg none is not accepted";
        if (message.contains("type")) return "typ not accepted (JWT, at+jwt or none)";
        if (message.contains("algorithm") || message.contains("no matching key")) {
            return "algorithm not accepted (the configured key fixes it)";
        }
        return "refused (" + e.getClass().getSimpleName() + ")";
    }

    /**
     * nimbus's checks, and an {@code iat} no later than now plus the allowed skew: nimbus takes any {@code iat}
     * at all, so a token stamped as issued days ahead (a leaked token minted for later, or an issuer whose
     * clock is wrong) was accepted as if it were fresh.
     */
    private static final class NotIssuedInTheFuture extends DefaultJWTClaimsVerifier<SecurityContext> {
        static final String REFUSAL = "JWT issued in the future";

        NotIssuedInTheFuture(Set<String> audience, JWTClaimsSet exact, Set<String> required) {
            super(audience, exact, required, null);
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            var issued = claims.getIssueTime();
            if (issued != null && issued.toInstant().isAfter(Instant.now().plusSeconds(getMaxClockSkew()))) {
                throw new BadJWTException(REFUSAL);
            }
        }
    }

    private static com.nimbusds.jose.proc.JWSKeySelector<SecurityContext> keySelector(JwtSettings.Key key) {
        return switch (key) {
            case JwtSettings.Key.Secret(var bytes) ->
                new SingleKeyJWSKeySelector<>(JWSAlgorithm.HS256, new SecretKeySpec(bytes, "HmacSHA256"));
            case JwtSettings.Key.PublicKeyPem(var pem) -> {
                PublicKey publicKey = parsePem(pem);
                JWSAlgorithm algorithm = switch (publicKey) {
                    case RSAPublicKey rsa -> JWSAlgorithm.RS256;
                    case ECPublicKey ec -> JWSAlgorithm.ES256;
                    default -> throw new IllegalArgumentException("the public key is neither RSA nor EC");
                };
                yield new SingleKeyJWSKeySelector<>(algorithm, publicKey);
            }
        };
    }

    /** A PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC. */
    static PublicKey parsePem(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public key file is not PEM", e);
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next kind
            }
        }
        throw new IllegalArgumentException("the public key file holds neither an RSA nor an EC public key");
    }
}
