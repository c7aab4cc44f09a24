package io.huddle.adapters.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the fields of a JSON object body by type, collecting every wrong type so the client hears of
 * all of them at once. Rules about values (lengths, ranges) are the domain's; this only checks that a
 * field is a string, or a whole number, before handing it on. Absent and {@code null} both mean "not
 * given" (but see {@link #jsonOrNull}); unknown fields are ignored.
 */
public final class BodyFields {
    private final JsonNode body;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    private BodyFields(JsonNode body) {
        this.body = body;
    }

    /** No body reads as an empty object. */
    public static BodyFields of(Optional<JsonNode> body) {
        if (body.isPresent() && !body.get().isObject()) {
            throw new ProblemException(Problem.invalidRequest("The body must be a JSON object.", List.of()));
        }
        return new BodyFields(body.orElse(null));
    }

    public Optional<String> text(String field) {
        var node = given(field);
        if (node.isEmpty()) return Optional.empty();
        if (!node.get().isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a string"));
            return Optional.empty();
        }
        return Optional.of(node.get().textValue());
    }

    /**
     * A whole number (so {@code 10.5} and {@code "10"} are wrong types). One too large for a {@code long}
     * is passed on as the largest (or smallest) {@code long}, so the domain's range rule names it.
     */
    public OptionalLong integer(String field) {
        var node = given(field);
        if (node.isEmpty()) return OptionalLong.empty();
        if (!node.get().isIntegralNumber()) {
            errors.add(new Problem.FieldError(field, "must be a whole number"));
            return OptionalLong.empty();
        }
        if (node.get().canConvertToLong()) return OptionalLong.of(node.get().longValue());
        return OptionalLong.of(node.get().bigIntegerValue().signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
    }

    /**
     * Any JSON value, serialized compactly by the shared mapper (numbers exactly as sent, see {@link Json}),
     * for fields the domain keeps as opaque JSON text; {@code null} is not given.
     */
    public Optional<String> json(String field) {
        return given(field).filter(node -> storable(field, node)).map(BodyFields::serialize);
    }

    /** Like {@link #json}, but a given {@code null} is a value, {@code "null"}; only an absent field is not given. */
    public Optional<String> jsonOrNull(String field) {
        if (body == null || body.get(field) == null) return Optional.empty();
        return Optional.of(body.get(field))
                .filter(node -> storable(field, node))
                .map(BodyFields::serialize);
    }

    private boolean storable(String field, JsonNode node) {
        var problem = Json.unstorable(node);
        problem.ifPresent(message -> errors.add(new Problem.FieldError(field, message)));
        return problem.isEmpty();
    }

    private static String serialize(JsonNode node) {
        try {
            return Json.writer().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree the reader built always serializes; this is a bug, not a client's error.
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code 400 invalid_request} naming every field of the wrong type, if any. */
    public void requireTypes() {
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalidRequest("A field of the body has the wrong type.", errors));
        }
    }

    private Optional<JsonNode> given(String field) {
        if (body == null) return Optional.empty();
        var node = body.get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }
}
