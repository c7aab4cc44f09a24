package io.huddle.application.message;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.member.Permission;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.session.SessionCode;

/**
 * The owner (by member token or user token) clears the session's history: history and search are
 * empty afterwards, and seq continues where it was.
 */
public final class ClearHistory {
    private static final System.Logger LOG = System.getLogger(ClearHistory.class.getName());

    private final SessionAccess access;
    private final MessageLog log;
    private final RecentMessages recent;

    public ClearHistory(SessionAccess access, MessageLog log, RecentMessages recent) {
        this.access = access;
        this.log = log;
        this.recent = recent;
    }

    public record Command(Caller caller, SessionCode code) implements SessionAccess.Request {}

    public sealed interface Outcome {}

    public record Cleared() implements Outcome {}

    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    public Outcome handle(Command command) {
        return access.authorize(command, Permission.CLEAR_HISTORY, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        log.clear(command.code());
        try {
            recent.clear(command.code());
        } catch (RuntimeException e) {
            // Only frees memory: history never believes the recent copy about seqs the log's span
            // no longer covers, so cleared messages left there are never shown.
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "history of session " + command.code() + " is cleared, but its recent copy is not: "
                            + e.getClass().getSimpleName(),
                    e);
        }
        return new Cleared();
    }
}
