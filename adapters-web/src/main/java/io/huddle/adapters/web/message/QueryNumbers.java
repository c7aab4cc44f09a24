package io.huddle.adapters.web.message;

import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import io.huddle.adapters.web.QueryParams;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads whole-number query parameters ({@code limit}, {@code before}, {@code after}), collecting every
 * one that is not a whole number. Ranges are the domain's rules: a number too large for a {@code long}
 * is passed on as the largest (or smallest) {@code long}, so the domain's range rule names it.
 */
final class QueryNumbers {
    private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");

    private final Context ctx;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    QueryNumbers(Context ctx) {
        this.ctx = ctx;
    }

    /** Empty when the parameter is not in the query; {@code ?limit=} (empty) is not a whole number. */
    OptionalLong whole(String name) {
        var raw = QueryParams.get(ctx, name);
        if (raw == null) return OptionalLong.empty();
        if (!WHOLE.matcher(raw).matches()) {
            errors.add(new Problem.FieldError(name, "must be a whole number"));
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(raw));
        } catch (NumberFormatException tooLong) {
            return OptionalLong.of(raw.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
    }

    /** Answers {@code 400 invalid_request} naming every parameter that is not a whole number, if any. */
    void requireNumbers() {
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalidRequest("A query parameter breaks its rule.", errors));
        }
    }
}
