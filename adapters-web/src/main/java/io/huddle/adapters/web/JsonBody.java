package io.huddle.adapters.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.config.Key;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a request's JSON body for a route module, enforcing PROTOCOL.md sections 2 and 4: an
 * {@code application/json} (UTF-8) content type or {@code 415}, the whole-body limit or {@code 413} (also
 * for chunked bodies without {@code Content-Length}), and the parser's limits (nesting over 64 levels,
 * over-long strings and numbers) or {@code 400 invalid_request}. Every failure is a {@link ProblemException}.
 */
public final class JsonBody {
    static final Key<Long> MAX_BODY_BYTES = new Key<>("huddle-max-request-body-bytes");

    private JsonBody() {}

    /** Binds the body to {@code type}; unknown fields are ignored, a wrong type is a field error. */
    public static <T> T read(Context ctx, Class<T> type) {
        byte[] body = bytes(ctx);
        try {
            return Json.reader().forType(type).readValue(body);
        } catch (IOException e) {
            throw new ProblemException(problemFor(e));
        }
    }

    /** The body as a tree, for handlers that check fields themselves. */
    public static JsonNode readTree(Context ctx) {
        byte[] body = bytes(ctx);
        try {
            return Json.reader().readTree(body);
        } catch (IOException e) {
            throw new ProblemException(problemFor(e));
        }
    }

    /**
     * The body as a tree, or empty when the request has none: for requests whose fields are all
     * optional, so a bodiless {@code POST} means "all defaults". A body that is there obeys every rule.
     */
    public static Optional<JsonNode> readTreeIfAny(Context ctx) {
        return carriesBody(ctx.req()) ? Optional.of(readTree(ctx)) : Optional.empty();
    }

    private static byte[] bytes(Context ctx) {
        HttpServletRequest req = ctx.req();
        if (!carriesBody(req)) {
            throw new ProblemException(Problem.invalidRequest("A JSON body is required.", List.of()));
        }
        if (!isJsonAsSent(req)) {
            throw new ProblemException(unsupportedMediaType());
        }
        long limit = ctx.appData(MAX_BODY_BYTES);
        if (req.getContentLengthLong() > limit) {
            throw new ProblemException(payloadTooLarge(limit));
        }
        // Javalin reads at most maxRequestSize bytes and answers 413 past it, whatever Content-Length said.
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new ProblemException(Problem.invalidRequest("A JSON body is required.", List.of()));
        }
        if (!Utf8.isWellFormed(body)) {
            throw new ProblemException(Problem.invalidRequest("The body is not valid UTF-8.", List.of()));
        }
        return body;
    }

    static boolean carriesBody(HttpServletRequest req) {
        return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    }

    /** The body is UTF-8 JSON as it came: {@link #isJson its type}, and not {@link #isContentCoded coded}. */
    static boolean isJsonAsSent(HttpServletRequest req) {
        return isJson(req.getContentType()) && !isContentCoded(req);
    }

    /** {@code application/json}, with no charset or UTF-8: section 2 says every body is UTF-8 JSON. */
    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) return false;
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
                String charset = param[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) return false;
            }
        }
        return true;
    }

    /**
     * A body sent with a {@code Content-Encoding} other than {@code identity} ({@code gzip}, {@code br}, …):
     * the gateway decodes none, so such a body is not the UTF-8 JSON section 2 asks for, and reading its bytes
     * as JSON anyway would take a body for something else than a proxy in front, which decodes it, takes it for
     * ({@code 415}, RFC 9110 section 15.5.16).
     */
    static boolean isContentCoded(HttpServletRequest req) {
        var encodings = req.getHeaders("Content-Encoding");
        while (encodings != null && encodings.hasMoreElements()) {
            for (var coding : encodings.nextElement().split(",")) {
                var name = coding.trim();
                if (!name.isEmpty() && !name.equalsIgnoreCase("identity")) return true;
            }
        }
        return false;
    }

    static Problem unsupportedMediaType() {
        return Problem.of(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "Request bodies must be application/json (UTF-8), without a Content-Encoding.");
    }

    static Problem payloadTooLarge(long limit) {
        return Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + limit + " bytes.");
    }

    /** Says what was wrong with the JSON without echoing any of it back. */
    static Problem problemFor(IOException e) {
        if (e instanceof StreamConstraintsException) {
            return Problem.invalidRequest(
                    "The JSON body nests deeper than " + Json.MAX_NESTING_DEPTH
                            + " levels or holds an over-long string, number or name.",
                    List.of());
        }
        if (e instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            return Problem.invalidRequest(
                    "A field of the JSON body has the wrong type.",
                    List.of(new Problem.FieldError(fieldPath(mismatch), "has the wrong type")));
        }
        if (e instanceof JsonMappingException) {
            return Problem.invalidRequest("The JSON body does not have the expected shape.", List.of());
        }
        if (e instanceof JsonProcessingException) {
            return Problem.invalidRequest("The body is not valid JSON.", List.of());
        }
        return Problem.invalidRequest("The body could not be read.", List.of());
    }

    private static String fieldPath(JsonMappingException e) {
        var path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
