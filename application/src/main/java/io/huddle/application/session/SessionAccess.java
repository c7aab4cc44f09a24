package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The opening of every session-scoped use case, in one place: is the caller's credential of a kind
 * this action takes, is the session live, and may the caller do this in it. A member token of another
 * session, and the user token of someone who does not own the session, are {@link Refusal#HIDDEN}: the
 * session's existence is not revealed to them. A caller without a fitting credential is refused as
 * {@link Refusal#UNAUTHENTICATED} before the code is looked up, so the answer is the same whether the
 * code exists or not, and codes cannot be probed without a credential. A server key may do what the
 * owner may on every session ({@link Authorized} without a membership), except write the shared state,
 * which records a member as its writer.
 */
public final class SessionAccess {
    private final LiveSessions live;

    public SessionAccess(LiveSessions live) {
        this.live = Objects.requireNonNull(live);
    }

    /** Why a caller may not act. */
    public enum Refusal {
        /** Answer as if the session did not exist. */
        HIDDEN,
        /** A member of this session whose role lacks the permission. */
        FORBIDDEN,
        /** No credential, or one of a kind this action does not take. */
        UNAUTHENTICATED
    }

    public sealed interface Decision {}

    /**
     * May act; {@code session} is live now. {@code membership} is the acting member, empty when the
     * owner acts by user token ({@link Permission#ownerActsByUserToken}) or a backend by server key.
     */
    public record Authorized(Session session, Optional<Membership> membership) implements Decision {
        /** The acting member; only for permissions that never take a user token. */
        public Membership member() {
            return membership.orElseThrow(
                    () -> new IllegalStateException("the owner acts by user token, or a backend by server key, here"));
        }
    }

    public record Refused(Refusal reason) implements Decision {}

    /** A use case's command that acts in one session: who asks, and in which session. */
    public interface Request {
        Caller caller();

        SessionCode code();
    }

    /**
     * {@link #authorize(Caller, SessionCode, Permission)} for {@code request}, answered by {@code refused}
     * or {@code authorized}: what a use case's {@code handle} returns, in one line.
     */
    public <R extends Request, O> O authorize(
            R request, Permission permission, Function<Refusal, O> refused, BiFunction<R, Authorized, O> authorized) {
        return switch (authorize(request.caller(), request.code(), permission)) {
            case Refused(var reason) -> refused.apply(reason);
            case Authorized allowed -> authorized.apply(request, allowed);
        };
    }

    /**
     * As {@link #authorize(Request, Permission, Function, BiFunction)}, judging the session by a copy up
     * to {@link LiveSessions#NEAR_FOR} old ({@link LiveSessions#findRecent}): only for a use case whose
     * store refuses an ended session itself (a send: the log appends only to live sessions).
     */
    public <R extends Request, O> O authorizeRecent(
            R request, Permission permission, Function<Refusal, O> refused, BiFunction<R, Authorized, O> authorized) {
        return switch (decide(request.caller(), request.code(), permission, live::findRecent)) {
            case Refused(var reason) -> refused.apply(reason);
            case Authorized allowed -> authorized.apply(request, allowed);
        };
    }

    public Decision authorize(Caller caller, SessionCode code, Permission permission) {
        return decide(caller, code, permission, live::find);
    }

    /**
     * The refusal {@code caller} meets whatever the session's state, decided from the credential alone (no
     * store is asked): no credential, or one of a kind {@code permission} does not take, or another
     * session's member token. A route with a body asks this before it reads the body, so such a request is
     * refused for its credential (401, 404), not for its body (400), as every other route refuses it.
     */
    public static Optional<Refusal> byCredential(Caller caller, SessionCode code, Permission permission) {
        return switch (caller) {
            case Caller.Nobody nobody -> Optional.of(Refusal.UNAUTHENTICATED);
            case Caller.AsUser user when !permission.ownerActsByUserToken() -> Optional.of(Refusal.UNAUTHENTICATED);
            case Caller.AsServer server
            when permission == Permission.WRITE_STATE -> Optional.of(Refusal.UNAUTHENTICATED);
            case Caller.AsMember member when member.memberOf(code).isEmpty() -> Optional.of(Refusal.HIDDEN);
            case Caller.AsUser user -> Optional.empty();
            case Caller.AsMember member -> Optional.empty();
            case Caller.AsServer server -> Optional.empty();
        };
    }

    private Decision decide(
            Caller caller, SessionCode code, Permission permission, Function<SessionCode, Optional<Session>> lookup) {
        var refusal = byCredential(caller, code, permission);
        if (refusal.isPresent()) return new Refused(refusal.get());
        return switch (caller) {
            case Caller.Nobody nobody -> new Refused(Refusal.UNAUTHENTICATED); // refused by credential above
            case Caller.AsUser(var user) ->
                lookup.apply(code)
                        .filter(session -> session.isOwnedBy(user))
                        .<Decision>map(session -> new Authorized(session, Optional.empty()))
                        .orElseGet(() -> new Refused(Refusal.HIDDEN));
            case Caller.AsMember member -> asMember(member, code, permission, lookup);
            case Caller.AsServer server ->
                lookup.apply(code)
                        .<Decision>map(session -> new Authorized(session, Optional.empty()))
                        .orElseGet(() -> new Refused(Refusal.HIDDEN));
        };
    }

    private static Decision asMember(
            Caller.AsMember caller,
            SessionCode code,
            Permission permission,
            Function<SessionCode, Optional<Session>> lookup) {
        var membership = caller.memberOf(code).orElseThrow(); // another session's token: refused by credential
        var session = lookup.apply(code);
        if (session.isEmpty()) return new Refused(Refusal.HIDDEN);
        if (!membership.member().may(permission)) return new Refused(Refusal.FORBIDDEN);
        return new Authorized(session.get(), Optional.of(membership));
    }
}
