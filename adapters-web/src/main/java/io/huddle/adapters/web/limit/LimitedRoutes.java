package io.huddle.adapters.web.limit;

import java.util.regex.Pattern;

/**
 * Which kind of request, as the limits tell them apart, a method and {@code /api} path are. Decided
 * from the path itself, before Javalin matches a route, so a request to an unknown {@code /api}
 * path is counted too (as {@code api}) and nothing runs before the limit.
 */
final class LimitedRoutes {
    private static final String SEGMENT = "[^/]+";
    private static final Pattern SESSIONS = exactly("/api/sessions");
    private static final Pattern SESSION = exactly("/api/sessions/" + SEGMENT);
    private static final Pattern MEMBERS = exactly("/api/sessions/" + SEGMENT + "/members");
    private static final Pattern MEMBER = exactly("/api/sessions/" + SEGMENT + "/members/" + SEGMENT);
    private static final Pattern MESSAGES = exactly("/api/sessions/" + SEGMENT + "/messages");
    private static final String SERVER_PREFIX = "/api/server/";

    enum Kind {
        /** Every other {@code /api} request. */
        API,
        /** Create or delete a session, remove a member (kick, or leave), clear history. */
        STRICT,
        /** {@code POST …/members}. */
        JOIN,
        /** {@code POST …/messages}. */
        MESSAGE,
        /** Anything under {@code /api/server/}: a backend's, counted by its server key. */
        SERVER
    }

    private LimitedRoutes() {}

    static Kind of(String method, String path) {
        if (path.startsWith(SERVER_PREFIX) || path.equals("/api/server")) return Kind.SERVER;
        return switch (method) {
            case "POST" -> {
                if (SESSIONS.matcher(path).matches()) yield Kind.STRICT;
                if (MEMBERS.matcher(path).matches()) yield Kind.JOIN;
                if (MESSAGES.matcher(path).matches()) yield Kind.MESSAGE;
                yield Kind.API;
            }
            case "DELETE" -> {
                boolean strict = SESSION.matcher(path).matches()
                        || MEMBER.matcher(path).matches()
                        || MESSAGES.matcher(path).matches();
                yield strict ? Kind.STRICT : Kind.API;
            }
            default -> Kind.API;
        };
    }

    /** The path, with or without one trailing slash (Javalin ignores it when matching routes). */
    private static Pattern exactly(String path) {
        return Pattern.compile(path + "/?");
    }
}
