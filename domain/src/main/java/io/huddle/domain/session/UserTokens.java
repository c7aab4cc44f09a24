package io.huddle.domain.session;

import java.util.Optional;

/** Verifies user tokens (JWTs): the user they name, or empty when the token must not be trusted. */
public interface UserTokens {
    /** Verifies nothing: where no user tokens are configured (open mode, the worker). */
    UserTokens NONE = token -> Optional.empty();

    Optional<OwnerId> verify(String token);
}
