package io.huddle.adapters.web.session;

import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import io.huddle.adapters.web.QueryParams;
import io.huddle.domain.session.SessionStore.StatusFilter;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /api/sessions}: {@code status} ({@code active}, {@code ended}, {@code all};
 * default {@code active}), {@code limit} (1..100, default 20) and the opaque {@code cursor}. An empty
 * {@code cursor=} means the first page, so clients can always send the last {@code nextCursor} they saw.
 */
record ListQuery(StatusFilter status, int limit, Optional<String> cursor) {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,3}");

    /** Reads the query, or answers {@code 400 invalid_request} naming every parameter that breaks its rule. */
    static ListQuery from(Context ctx) {
        List<Problem.FieldError> errors = new ArrayList<>();
        var status = status(QueryParams.get(ctx, "status"), errors);
        int limit = limit(QueryParams.get(ctx, "limit"), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalidRequest("A query parameter breaks its rule.", errors));
        }
        var cursor = Optional.ofNullable(QueryParams.get(ctx, "cursor")).filter(c -> !c.isEmpty());
        return new ListQuery(status, limit, cursor);
    }

    private static StatusFilter status(String raw, List<Problem.FieldError> errors) {
        if (raw == null) return StatusFilter.ACTIVE;
        return switch (raw) {
            case "active" -> StatusFilter.ACTIVE;
            case "ended" -> StatusFilter.ENDED;
            case "all" -> StatusFilter.ALL;
            default -> {
                errors.add(new Problem.FieldError("status", "must be one of active, ended, all"));
                yield StatusFilter.ACTIVE;
            }
        };
    }

    static int limit(String raw, List<Problem.FieldError> errors) {
        if (raw == null) return DEFAULT_LIMIT;
        if (DIGITS.matcher(raw).matches()) {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) return limit;
        }
        errors.add(new Problem.FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }
}
