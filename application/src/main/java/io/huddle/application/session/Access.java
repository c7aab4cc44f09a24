package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.Session;
import java.util.Optional;

/**
 * Who may act in a session. A member token of another session, and a user token of someone who
 * does not own the session, are {@link Hidden}: the session's existence is not revealed to them.
 */
public sealed interface Access {
    /** Allowed; {@code membership} is empty when the owner acts by user token. */
    record Allowed(Optional<Membership> membership) implements Access {}

    /** A member of this session whose role lacks the permission. */
    record Forbidden() implements Access {}

    /** Answer as if the session did not exist. */
    record Hidden() implements Access {}

    /** No credential, or one of a kind this action does not take. */
    record Unauthenticated() implements Access {}

    /** Member-token actions. */
    static Access member(Caller caller, Session session, Permission permission) {
        return switch (caller) {
            case Caller.AsMember member ->
                member.memberOf(session.code())
                        .<Access>map(m -> m.member().may(permission) ? new Allowed(Optional.of(m)) : new Forbidden())
                        .orElseGet(Hidden::new);
            case Caller.AsUser user -> new Unauthenticated();
            case Caller.Nobody nobody -> new Unauthenticated();
        };
    }

    /** Actions that also take the owner's user token. */
    static Access memberOrOwner(Caller caller, Session session, Permission permission) {
        return switch (caller) {
            case Caller.AsUser(var user) -> session.isOwnedBy(user) ? new Allowed(Optional.empty()) : new Hidden();
            default -> member(caller, session, permission);
        };
    }
}
