package io.huddle.domain.server;

import java.util.Optional;

/**
 * Verifies server keys ({@code hk_…} bearers): the name of the key a credential is, or empty for a wrong
 * or revoked one. Implementations keep only hashes and compare in constant time.
 */
public interface ServerKeys {
    /** Verifies nothing: no key configured ({@code HUDDLE_SERVER_KEYS} unset, the worker). */
    ServerKeys NONE = credential -> Optional.empty();

    /** What every server key starts with, so a bearer is told apart from a member token or a JWT by its form. */
    String PREFIX = "hk_";

    Optional<ServerKeyName> verify(String credential);

    static boolean looksLikeOne(String credential) {
        return credential != null && credential.startsWith(PREFIX);
    }
}
