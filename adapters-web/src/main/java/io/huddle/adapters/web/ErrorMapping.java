package io.huddle.adapters.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.huddle.domain.StoreUnavailable;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.validation.ValidationException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns everything a handler can throw into a problem answer. Unexpected failures are logged here, at
 * ERROR with the correlation id (it is in the MDC), and reach the client only as {@code 500 internal}.
 */
final class ErrorMapping {
    private static final Logger log = LoggerFactory.getLogger("huddle.http.errors");

    private ErrorMapping() {}

    static void install(RoutesConfig routes) {
        routes.exception(ProblemException.class, (e, ctx) -> Problems.send(ctx, e.problem()));
        routes.exception(HttpResponseException.class, ErrorMapping::javalinResponse);
        routes.exception(ValidationException.class, ErrorMapping::validation);
        routes.exception(JsonProcessingException.class, (e, ctx) -> Problems.send(ctx, JsonBody.problemFor(e)));
        routes.exception(StoreUnavailable.class, ErrorMapping::storeUnavailable);
        routes.exception(Exception.class, ErrorMapping::unexpected);
    }

    private static void javalinResponse(HttpResponseException e, Context ctx) {
        // Javalin's messages can hold the request's path (EndpointNotFound): the detail is ours, never theirs.
        Problem problem = switch (e.getStatus()) {
            case 400 -> Problem.invalidRequest("The request is malformed.", List.of());
            case 401 -> Problem.of(ErrorCode.UNAUTHORIZED, "A valid credential is required.");
            case 403 -> Problem.of(ErrorCode.FORBIDDEN, "This role may not do this.");
            case 404 -> Problem.of(ErrorCode.NOT_FOUND, "No such route.");
            case 405 -> Problem.of(ErrorCode.METHOD_NOT_ALLOWED, "This route does not accept this method.");
            case 413 -> JsonBody.payloadTooLarge(ctx.appData(JsonBody.MAX_BODY_BYTES));
            case 415 -> JsonBody.unsupportedMediaType();
            default -> null;
        };
        if (problem == null) {
            unexpected(e, ctx);
            return;
        }
        if (e instanceof MethodNotAllowedResponse) {
            String allowed = e.getDetails().get("availableMethods");
            if (allowed != null) ctx.header("Allow", allowed);
        }
        Problems.send(ctx, problem);
    }

    private static void validation(ValidationException e, Context ctx) {
        var errors = e.getErrors().entrySet().stream()
                .flatMap(entry -> entry.getValue().stream()
                        .map(error -> new Problem.FieldError(entry.getKey(), error.getMessage())))
                .toList();
        Problems.send(ctx, Problem.invalidRequest("The request breaks a rule.", errors));
    }

    /**
     * An infrastructure failure, not a bug: WARN with the store's name, and the client may retry. A read
     * (GET, HEAD) is told so, since "nothing was written" means nothing to someone who wrote nothing.
     */
    private static void storeUnavailable(StoreUnavailable e, Context ctx) {
        log.atWarn()
                .setCause(e.getCause())
                .addKeyValue("method", ctx.method().name())
                .addKeyValue("path", ctx.path())
                .log(e.getMessage());
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        Problems.send(
                ctx,
                read ? Problem.storageUnavailableForRead(e.retryAfter()) : Problem.storageUnavailable(e.retryAfter()));
    }

    private static void unexpected(Exception e, Context ctx) {
        log.atError()
                .setCause(e)
                .addKeyValue("method", ctx.method().name())
                .addKeyValue("path", ctx.path())
                .log("unexpected failure while handling a request");
        Problems.send(ctx, internal());
    }

    /** For {@link Error}s (out of memory, stack overflow), which Javalin hands over with the raw response. */
    static void fatal(HttpServletResponse res, Error error) {
        log.atError().setCause(error).log("fatal error while handling a request");
        if (res.isCommitted()) return;
        try {
            res.resetBuffer();
            res.setStatus(500);
            res.setContentType(Problems.CONTENT_TYPE);
            res.getOutputStream().write(Problems.body(internal(), MDC.get(RequestScope.MDC_KEY)));
        } catch (IOException | RuntimeException e) {
            log.atWarn().setCause(e).log("could not write the 500 answer");
        }
    }

    private static Problem internal() {
        return Problem.of(
                ErrorCode.INTERNAL, "An unexpected error occurred. Quote the correlation id when reporting it.");
    }
}
