package io.huddle.application.message;

import io.huddle.application.auth.Caller;
import io.huddle.application.session.SessionAccess;
import io.huddle.domain.member.Permission;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.MessageStats;
import io.huddle.domain.session.SessionCode;

/** A member reads the figures of the session's log: count, last seq, senders, first and last times. */
public final class GetMessageStats {
    private final SessionAccess access;
    private final MessageLog log;

    public GetMessageStats(SessionAccess access, MessageLog log) {
        this.access = access;
        this.log = log;
    }

    public record Command(Caller caller, SessionCode code) implements SessionAccess.Request {}

    public sealed interface Outcome {}

    public record Stats(MessageStats stats) implements Outcome {}

    public record Refused(SessionAccess.Refusal reason) implements Outcome {}

    public Outcome handle(Command command) {
        return access.authorize(command, Permission.READ, Refused::new, this::authorized);
    }

    private Outcome authorized(Command command, SessionAccess.Authorized authorized) {
        return new Stats(log.stats(command.code()));
    }
}
