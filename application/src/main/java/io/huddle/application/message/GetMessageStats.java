package io.huddle.application.message;

import io.huddle.application.auth.Caller;
import io.huddle.application.port.MessageLog;
import io.huddle.application.session.Access;
import io.huddle.application.session.LiveSessions;
import io.huddle.domain.member.Permission;
import io.huddle.domain.message.MessageStats;
import io.huddle.domain.session.SessionCode;

/** A member reads the figures of the session's log: count, last seq, senders, first and last times. */
public final class GetMessageStats {
    private final LiveSessions live;
    private final MessageLog log;

    public GetMessageStats(LiveSessions live, MessageLog log) {
        this.live = live;
        this.log = log;
    }

    public record Command(Caller caller, SessionCode code) {}

    public sealed interface Outcome {}

    public record Stats(MessageStats stats) implements Outcome {}

    public record Refused(Access access) implements Outcome {}

    public Outcome handle(Command command) {
        var session = live.find(command.code());
        if (session.isEmpty()) return new Refused(new Access.Hidden());
        var access = Access.member(command.caller(), session.get(), Permission.READ);
        if (!(access instanceof Access.Allowed)) return new Refused(access);
        return new Stats(log.stats(command.code()));
    }
}
