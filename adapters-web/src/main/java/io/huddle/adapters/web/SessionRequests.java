package io.huddle.adapters.web;

import io.huddle.adapters.web.auth.BearerHeader;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violation;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What every session-scoped handler reads from a request (the caller, the path's code) and how it
 * answers a use case's refusal or violations, in one place for the session, message and state routes.
 */
public final class SessionRequests {
    private SessionRequests() {}

    /**
     * No header is nobody; a header that is not a bearer credential, or one that does not verify, is 401. A
     * server key is 401 here too: backends act under {@code /api/server/} only, so a leaked key shows up in
     * one place of the access log and the member routes keep one meaning.
     */
    public static Caller caller(Context ctx, Authenticate authenticate) {
        var caller = anyCaller(ctx, authenticate);
        if (caller instanceof Caller.AsServer) {
            throw unauthorized("A server key is taken under /api/server/ only.");
        }
        return caller;
    }

    /** As {@link #caller}, server keys included: for the routes under {@code /api/server/}. */
    public static Caller anyCaller(Context ctx, Authenticate authenticate) {
        var headers = ctx.req().getHeaders("Authorization");
        // Two credentials: which one a proxy in front and the gateway each take is anyone's guess.
        if (headers != null && Collections.list(headers).size() > 1) {
            throw unauthorized("Send one Authorization header, not several.");
        }
        var credential = switch (BearerHeader.read(ctx.header("Authorization"))) {
            case BearerHeader.Read.Absent absent -> Optional.<String>empty();
            case BearerHeader.Read.Credential(var value) -> Optional.of(value);
            case BearerHeader.Read.Malformed malformed ->
                throw unauthorized("The Authorization header must be \"Bearer <token>\".");
        };
        return switch (authenticate.handle(credential)) {
            case Authenticate.Authenticated(var caller) -> caller;
            case Authenticate.Rejected rejected -> throw unauthorized("The credential is invalid, expired or revoked.");
        };
    }

    /**
     * Throws what {@code caller} is refused by its credential alone ({@link SessionAccess#byCredential}):
     * called before a body or a header is read, so that a request without a fitting credential hears 401 or
     * 404 whatever its body, as on the routes that have none.
     */
    public static void refuseByCredential(Caller caller, SessionCode code, Permission permission) {
        var refusal = SessionAccess.byCredential(caller, code, permission);
        if (refusal.isPresent()) throw refusal(refusal.get());
    }

    /** A code that cannot exist is answered like one that does not: codes cannot be probed by their form. */
    public static SessionCode code(Context ctx) {
        return SessionCode.parse(ctx.pathParam("code")).orElseThrow(SessionRequests::sessionNotFound);
    }

    public static ProblemException refusal(SessionAccess.Refusal refusal) {
        return switch (refusal) {
            case HIDDEN -> sessionNotFound();
            case UNAUTHENTICATED -> unauthorized("This needs a member token of this session.");
            case FORBIDDEN -> new ProblemException(Problem.of(ErrorCode.FORBIDDEN, "Your role may not do this."));
        };
    }

    public static ProblemException invalid(List<Violation> violations) {
        return new ProblemException(Problem.invalidRequest(
                "The request breaks a rule.",
                violations.stream()
                        .map(v -> new Problem.FieldError(v.field(), v.message()))
                        .toList()));
    }

    public static ProblemException sessionNotFound() {
        return new ProblemException(
                Problem.of(ErrorCode.SESSION_NOT_FOUND, "No live session has this code, or it is not yours to see."));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(ErrorCode.UNAUTHORIZED, detail));
    }
}
