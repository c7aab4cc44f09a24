package io.huddle.adapters.web.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * User tokens for a first try of connected mode, signed with the gateway's own {@code HUDDLE_JWT_SECRET}
 * (HS256) and carrying its {@code iss} and {@code aud} when those are set, so {@link JwtUserTokens}
 * accepts them. Production tokens come from an identity provider; with a public key configured there is
 * no secret here to sign with.
 */
public final class DevelopmentTokens {
    private DevelopmentTokens() {}

    /** A token for {@code subject} valid for {@code ttl} from {@code now}; empty when the key is not a secret. */
    public static Optional<String> mint(JwtSettings settings, String subject, Duration ttl, Instant now) {
        if (!(settings.key() instanceof JwtSettings.Key.Secret(var secret))) return Optional.empty();
        var claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        settings.issuer().ifPresent(claims::issuer);
        settings.audience().ifPresent(claims::audience);
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("HUDDLE_JWT_SECRET cannot sign HS256 tokens", e);
        }
        return Optional.of(jwt.serialize());
    }
}
