package io.huddle.adapters.web.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the fields of a JSON object body by type, collecting every wrong type so the client hears of
 * all of them at once. Rules about values (lengths, ranges) are the domain's; this only checks that a
 * field is a string, or a whole number, before handing it on. Absent and {@code null} both mean "not
 * given"; unknown fields are ignored.
 */
final class BodyFields {
    private final JsonNode body;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    private BodyFields(JsonNode body) {
        this.body = body;
    }

    /** No body reads as an empty object. */
    static BodyFields of(Optional<JsonNode> body) {
        if (body.isPresent() && !body.get().isObject()) {
            throw new ProblemException(Problem.invalidRequest("The body must be a JSON object.", List.of()));
        }
        return new BodyFields(body.orElse(null));
    }

    Optional<String> text(String field) {
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
    OptionalLong integer(String field) {
        var node = given(field);
        if (node.isEmpty()) return OptionalLong.empty();
        if (!node.get().isIntegralNumber()) {
            errors.add(new Problem.FieldError(field, "must be a whole number"));
            return OptionalLong.empty();
        }
        if (node.get().canConvertToLong()) return OptionalLong.of(node.get().longValue());
        return OptionalLong.of(node.get().bigIntegerValue().signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
    }

    /** Answers {@code 400 invalid_request} naming every field of the wrong type, if any. */
    void requireTypes() {
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
