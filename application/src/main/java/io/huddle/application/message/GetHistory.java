package io.huddle.application.message;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.Access;
import io.huddle.application.session.LiveSessions;
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
    private final LiveSessions live;
    private final MessageHistory history;

    public GetHistory(LiveSessions live, MessageHistory history) {
        this.live = live;
        this.history = history;
    }

    public record Command(
            Caller caller, SessionCode code, OptionalLong before, OptionalLong after, OptionalLong limit) {}

    public sealed interface Outcome {}

    public record Page(HistoryPage page) implements Outcome {}

    public record Invalid(List<Violation> violations) implements Outcome {}

    public record Refused(Access access) implements Outcome {}

    public Outcome handle(Command command) {
        var session = live.find(command.code());
        if (session.isEmpty()) return new Refused(new Access.Hidden());
        var access = Access.member(command.caller(), session.get(), Permission.READ);
        if (!(access instanceof Access.Allowed)) return new Refused(access);
        var violations = new Violations();
        var query = HistoryQuery.of(command.before(), command.after(), command.limit(), violations);
        if (query.isEmpty()) return new Invalid(violations.list());
        return new Page(history.page(command.code(), query.get()));
    }
}
