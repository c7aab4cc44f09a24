package io.huddle.application.message;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.member.Permission;
import io.huddle.domain.message.HistoryPage;
import io.huddle.domain.message.HistoryQuery;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violation;
import io.huddle.domain.text.Violations;
import java.util.List;
import java.util.OptionalLong;

/** A member reads a page of history: the latest, before a seq or after one; ascending, with {@code hasMore}. */
public final class GetHistory {
    private final SessionAccess access;
    private final MessageHistory history;

    public GetHistory(SessionAccess access, MessageHistory history) {
        this.access = access;
        this.history = history;
    }

    public record Command(Caller caller, SessionCode code, OptionalLong before, OptionalLong after, OptionalLong limit)
            implements SessionAccess.Request {}

    public sealed interface Outcome {}

    public record Page(HistoryPage page) implements Outcome {}

    public record Invalid(List<Violation> violations) implements Outcome {}

    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    public Outcome handle(Command command) {
        return access.authorize(command, Permission.READ, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        var violations = new Violations();
        var query = HistoryQuery.of(command.before(), command.after(), command.limit(), violations);
        if (query.isEmpty()) return new Invalid(violations.list());
        return new Page(history.page(command.code(), query.get()));
    }
}
