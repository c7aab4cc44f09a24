package io.huddle.application.session;

import io.huddle.application.auth.Caller;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionStore;
import io.huddle.domain.session.SessionStore.SessionCursor;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Every live session (or one owner's), newest first, a page at a time: for a backend holding a server key
 * only, since it shows sessions of every owner. The cursor is the same opaque form as {@link ListSessions}'.
 */
public final class ListLiveSessions {
    private final SessionStore sessions;
    private final SessionViews views;
    private final InstantSource clock;

    public ListLiveSessions(SessionStore sessions, SessionViews views, InstantSource clock) {
        this.sessions = sessions;
        this.views = views;
        this.clock = clock;
    }

    /** {@code cursor} is the opaque {@code nextCursor} of the previous page, as the client sent it. */
    public record Command(Caller caller, Optional<OwnerId> owner, Optional<String> cursor, int limit) {}

    public sealed interface Outcome {}

    public record Listed(List<SessionView> sessions, Optional<String> nextCursor) implements Outcome {}

    public record BadCursor() implements Outcome {}

    /** Not a server key: nobody else may see every owner's sessions. */
    public record Refused() implements Outcome {}

    public Outcome handle(Command command) {
        if (!(command.caller() instanceof Caller.AsServer)) return new Refused();
        Optional<SessionCursor> after = Optional.empty();
        if (command.cursor().isPresent()) {
            after = ListSessions.decode(command.cursor().get());
            if (after.isEmpty()) return new BadCursor();
        }
        var page = sessions.listLive(command.owner(), after, command.limit(), clock.instant());
        return new Listed(views.listed(page.sessions()), page.next().map(ListSessions::encode));
    }
}
