package io.huddle.adapters.web.auth;

import java.util.Optional;

/** How user tokens are verified: exactly one key (an HS256 secret or a public key PEM), optional iss/aud. */
public record JwtSettings(Key key, Optional<String> issuer, Optional<String> audience) {

    /** The configured key; its kind fixes the one accepted algorithm. */
    public sealed interface Key {
        /** HS256 with this shared secret (at least 32 bytes). */
        record Secret(byte[] bytes) implements Key {
            @Override
            public String toString() {
                return "Secret[redacted]";
            }
        }

        /** RS256 (RSA key) or ES256 (EC P-256 key), from a PEM {@code PUBLIC KEY} block. */
        record PublicKeyPem(String pem) implements Key {}
    }
}
