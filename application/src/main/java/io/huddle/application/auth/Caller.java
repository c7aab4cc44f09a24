package io.huddle.application.auth;

import io.huddle.domain.member.Membership;
import io.huddle.domain.server.ServerKeyName;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import java.util.Optional;

/** The authenticated party of a request. */
public sealed interface Caller {
    /** Holder of a valid member token. */
    record AsMember(Membership membership) implements Caller {}

    /** Holder of a valid user token (JWT). */
    record AsUser(OwnerId user) implements Caller {}

    /** Holder of a valid server key: a backend, which may do on every session what its owner may. */
    record AsServer(ServerKeyName key) implements Caller {}

    /** No credential (only open mode lets it create sessions). */
    record Nobody() implements Caller {}

    /** The membership, when this caller is a member of {@code session}; another session's token does not count. */
    default Optional<Membership> memberOf(SessionCode session) {
        return this instanceof AsMember(Membership m) && m.session().equals(session)
                ? Optional.of(m)
                : Optional.empty();
    }
}
