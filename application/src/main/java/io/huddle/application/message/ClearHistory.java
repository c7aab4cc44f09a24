package io.huddle.application.message;

import io.huddle.application.auth.Caller;
import io.huddle.application.port.MessageLog;
import io.huddle.application.port.RecentMessages;
import io.huddle.application.session.Access;
import io.huddle.application.session.LiveSessions;
import io.huddle.domain.member.Permission;
import io.huddle.domain.session.SessionCode;

/**
 * The owner (by member token or user token) clears the session's history: history and search are
 * empty afterwards, and seq continues where it was.
 */
public final class ClearHistory {
    private static final System.Logger LOG = System.getLogger(ClearHistory.class.getName());

    private final LiveSessions live;
    private final MessageLog log;
    private final RecentMessages recent;

    public ClearHistory(LiveSessions live, MessageLog log, RecentMessages recent) {
        this.live = live;
        this.log = log;
        this.recent = recent;
    }

    public record Command(Caller caller, SessionCode code) {}

    public sealed interface Outcome {}

    public record Cleared() implements Outcome {}

    public record Refused(Access access) implements Outcome {}

    public Outcome handle(Command command) {
        var session = live.find(command.code());
        if (session.isEmpty()) return new Refused(new Access.Hidden());
        var access = Access.memberOrOwner(command.caller(), session.get(), Permission.CLEAR_HISTORY);
        if (!(access instanceof Access.Allowed)) return new Refused(access);
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
