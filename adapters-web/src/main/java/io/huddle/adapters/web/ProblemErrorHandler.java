package io.huddle.adapters.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.huddle.application.health.HealthAnswers;
import io.huddle.application.health.Readiness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before any route runs (a request header over 8 KiB, a request line it
 * cannot parse, a URI too long): problem+json with {@code X-Correlation-Id}, like every other error
 * (PROTOCOL.md section 4), instead of Jetty's HTML page, and {@code X-Content-Type-Options: nosniff} as on every
 * answer (a request Jetty could not parse never reached {@link SecurityHeaders}). A {@code 431} is
 * {@code header_too_large}; a {@code 404}, {@code 405}, {@code 413} or {@code 415} the code of its status; any other
 * 4xx is {@code invalid_request}; a {@code 503} (the drain) is {@code storage_unavailable} with
 * {@code retryAfter}; any other 5xx {@code internal}. No stack trace, no server name.
 */
final class ProblemErrorHandler extends ErrorHandler {
    /** The only 503 Jetty makes itself: {@code GracefulHandler} refusing requests once the drain began. */
    private static final int DRAINING = 503;

    private static final Problem SHUTTING_DOWN = Problem.shuttingDown();

    private static final String READY = "/health/ready";

    ProblemErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback)
            throws IOException {
        var correlationId = CorrelationIds.keepOrCreate(request.getHeaders().get(CorrelationIds.HEADER));
        response.setStatus(status);
        response.getHeaders().put(CorrelationIds.HEADER, correlationId);
        response.getHeaders().put(SecurityHeaders.NO_SNIFF);
        if (status == DRAINING && READY.equals(Request.getPathInContext(request))) {
            // The readiness probe's own answer while draining (PROTOCOL.md section 4), not a problem: a probe
            // on a kept-alive connection of the public port reads the body it reads at every other time.
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            var draining = HealthAnswers.ready(Readiness.State.DRAINING, null);
            response.write(true, ByteBuffer.wrap(Json.writer().writeValueAsBytes(draining.body())), callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        if (status == DRAINING) {
            SHUTTING_DOWN
                    .retryAfterSeconds()
                    .ifPresent(seconds -> response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds)));
        }
        response.write(true, ByteBuffer.wrap(body(status, correlationId)), callback);
    }

    /** Errors found while the request itself was being parsed (no request object to answer through). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        var correlationId = CorrelationIds.keepOrCreate(null);
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE));
        fields.put(CorrelationIds.HEADER, correlationId);
        fields.put(SecurityHeaders.NO_SNIFF);
        return ByteBuffer.wrap(body(status, correlationId));
    }

    /**
     * The code PROTOCOL.md section 4 gives this status alone ({@code 404} is {@code not_found}: no route
     * answered), or null: a {@code 404} or {@code 405} must not read {@code invalid_request}, whose status is
     * {@code 400}.
     */
    private static ErrorCode ownCode(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
    }

    static byte[] body(int status, String correlationId) {
        // The drain's refusal is one of PROTOCOL.md's problems; the rest have no route's problem to be.
        if (status == DRAINING) return Problems.body(SHUTTING_DOWN, correlationId);
        String code;
        String title;
        String detail;
        var own = ownCode(status);
        if (status == 431) {
            code = "header_too_large";
            title = "Request header fields too large";
            detail = "The request's headers are over 8 KiB.";
        } else if (own != null) {
            code = own.code();
            title = own.title();
            detail = status == ErrorCode.NOT_FOUND.status() ? "No such route." : "The server refused this request.";
        } else if (status >= 500) {
            code = ErrorCode.INTERNAL.code();
            title = ErrorCode.INTERNAL.title();
            detail = "The request could not be handled.";
        } else {
            code = ErrorCode.INVALID_REQUEST.code();
            title = ErrorCode.INVALID_REQUEST.title();
            detail = "The request is not valid HTTP for this server.";
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("code", code);
        problem.put("detail", detail);
        problem.put("correlationId", correlationId);
        try {
            return Json.writer().writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }
}
