package io.huddle.application.port;

import io.huddle.domain.session.OwnerId;
import java.util.Optional;

/** Verifies user tokens (JWTs): the user they name, or empty when the token must not be trusted. */
public interface UserTokens {
    Optional<OwnerId> verify(String token);
}
