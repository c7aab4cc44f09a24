package io.huddle.application.message;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.member.Permission;
import io.huddle.domain.message.Message;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.SearchQuery;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A member searches the session's messages by content, newest first; always in the log, which has them all. */
public final class SearchMessages {
    private final SessionAccess access;
    private final MessageLog log;

    public SearchMessages(SessionAccess access, MessageLog log) {
        this.access = access;
        this.log = log;
    }

    public record Command(Caller caller, SessionCode code, Optional<String> q, OptionalLong limit)
            implements SessionAccess.Request {}

    public sealed interface Outcome {}

    public record Found(List<Message> messages) implements Outcome {}

    public record Invalid(List<Violation> violations) implements Outcome {}

    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    public Outcome handle(Command command) {
        return access.authorize(command, Permission.READ, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        var violations = new Violations();
        var query = SearchQuery.of(command.q(), command.limit(), violations);
        if (query.isEmpty()) return new Invalid(violations.list());
        return new Found(log.search(command.code(), query.get()));
    }
}
