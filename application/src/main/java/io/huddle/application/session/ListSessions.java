package io.huddle.application.session;

import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import io.huddle.domain.session.SessionStore.SessionCursor;
import io.huddle.domain.session.SessionStore.StatusFilter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The caller's own sessions, newest first, a page at a time. */
public final class ListSessions {
    private final SessionStore sessions;
    private final SessionViews views;
    private final InstantSource clock;

    public ListSessions(SessionStore sessions, SessionViews views, InstantSource clock) {
        this.sessions = sessions;
        this.views = views;
        this.clock = clock;
    }

    /** {@code cursor} is the opaque {@code nextCursor} of the previous page, as the client sent it. */
    public record Command(OwnerId owner, StatusFilter filter, Optional<String> cursor, int limit) {}

    public sealed interface Outcome {}

    public record Listed(List<SessionView> sessions, Optional<String> nextCursor) implements Outcome {}

    public record BadCursor() implements Outcome {}

    public Outcome handle(Command command) {
        Optional<SessionCursor> after = Optional.empty();
        if (command.cursor().isPresent()) {
            after = decode(command.cursor().get());
            if (after.isEmpty()) return new BadCursor();
        }
        var page = sessions.listByOwner(command.owner(), command.filter(), after, command.limit(), clock.instant());
        return new Listed(views.listed(page.sessions()), page.next().map(ListSessions::encode));
    }

    /** The end of year 9999: no session was created later, and every store holds it. */
    private static final long LATEST_CURSOR_MILLIS =
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    static String encode(SessionCursor cursor) {
        String plain = cursor.createdAt().toEpochMilli() + "." + cursor.code().value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor {@link #encode} made, or empty. Its time must be one a session can have been created at: a
     * client can write any number there, and one no store holds (PostgreSQL's timestamps end in 294276) reached
     * the store and came back a 500, not the {@code 400 invalid_request} every other bad cursor gets.
     */
    static Optional<SessionCursor> decode(String raw) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
            int dot = plain.indexOf('.');
            if (dot < 1) return Optional.empty();
            long millis = Long.parseLong(plain.substring(0, dot));
            if (millis < 0 || millis > LATEST_CURSOR_MILLIS) return Optional.empty();
            var at = Instant.ofEpochMilli(millis);
            return SessionCode.parse(plain.substring(dot + 1)).map(code -> new SessionCursor(at, code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
