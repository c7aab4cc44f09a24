package io.huddle.adapters.web.state;

import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import io.huddle.domain.state.SharedState;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads {@code If-Match} as the base version of a state write. Accepted: one version as the strong tag
 * the gateway sends ({@code "3"}), the same tag weakened by a proxy ({@code W/"3"}), or bare
 * ({@code 3}); {@code *} and no header mean no condition (a state always exists, version 0 included).
 * A list of tags, several headers, or anything else is {@code 400 invalid_request}: a write is
 * compared with one version only.
 */
final class IfMatch {
    static final String HEADER = "If-Match";
    private static final Pattern TAG = Pattern.compile("(?:W/)?\"([0-9]{1,16})\"|([0-9]{1,16})");

    private IfMatch() {}

    /** {@code values}: every {@code If-Match} header of the request, in order. */
    static OptionalLong baseVersion(List<String> values) {
        if (values.isEmpty()) return OptionalLong.empty();
        if (values.size() > 1) throw malformed();
        var value = values.getFirst().strip();
        if (value.equals("*")) return OptionalLong.empty();
        var matcher = TAG.matcher(value);
        if (!matcher.matches()) throw malformed();
        long version = Long.parseLong(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        if (version > SharedState.MAX_VERSION) throw malformed();
        return OptionalLong.of(version);
    }

    private static ProblemException malformed() {
        return new ProblemException(
                Problem.invalidField(HEADER, "must be one state version as its ETag shows it, e.g. \"3\", or *"));
    }
}
