package io.huddle.adapters.web.session;

import static io.huddle.adapters.web.SessionRequests.code;
import static io.huddle.adapters.web.SessionRequests.refusal;

import io.huddle.adapters.web.ErrorCode;
import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import io.huddle.application.auth.Caller;
import io.huddle.application.session.GetSession;
import io.huddle.application.session.ListMembers;
import io.huddle.application.session.RemoveMember;
import io.huddle.application.session.TerminateSession;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What a session's routes answer once the caller is known, the same under {@code /api/sessions} (a user or
 * member token) and {@code /api/server/sessions} (a server key): one session, its ending, its members, its
 * presence, a member's removal. The two route classes differ only in which credentials they take.
 */
final class SessionAnswers {
    private final GetSession get;
    private final TerminateSession terminate;
    private final ListMembers members;
    private final RemoveMember remove;
    private final InstantSource clock;

    SessionAnswers(
            GetSession get, TerminateSession terminate, ListMembers members, RemoveMember remove, InstantSource clock) {
        this.get = Objects.requireNonNull(get, "get");
        this.terminate = Objects.requireNonNull(terminate, "terminate");
        this.members = Objects.requireNonNull(members, "members");
        this.remove = Objects.requireNonNull(remove, "remove");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void get(Context ctx, Caller caller) {
        switch (get.handle(new GetSession.Command(caller, code(ctx)))) {
            case GetSession.Found found -> ctx.json(Wire.session(found.session(), clock.instant()));
            case GetSession.Refused refused -> throw refusal(refused.reason());
        }
    }

    void terminate(Context ctx, Caller caller) {
        switch (terminate.handle(new TerminateSession.Command(caller, code(ctx)))) {
            case TerminateSession.Terminated terminated -> ctx.status(204);
            case TerminateSession.Refused refused -> throw refusal(refused.reason());
        }
    }

    void members(Context ctx, Caller caller) {
        ctx.json(new Wire.MemberList(
                listMembers(ctx, caller).members().stream().map(Wire::member).toList()));
    }

    void presence(Context ctx, Caller caller) {
        ctx.json(Wire.presence(listMembers(ctx, caller).summary()));
    }

    /** The members list and presence are two views of one use case, so its outcome is mapped here, once. */
    private ListMembers.Listed listMembers(Context ctx, Caller caller) {
        return switch (members.handle(new ListMembers.Command(caller, code(ctx)))) {
            case ListMembers.Listed listed -> listed;
            case ListMembers.Refused refused -> throw refusal(refused.reason());
        };
    }

    void remove(Context ctx, Caller caller) {
        switch (remove.handle(new RemoveMember.Command(caller, code(ctx), ctx.pathParam("memberId")))) {
            case RemoveMember.Removed removed -> ctx.status(204);
            case RemoveMember.MemberNotFound notFound ->
                throw new ProblemException(
                        Problem.of(ErrorCode.MEMBER_NOT_FOUND, "The session has no member with this id."));
            case RemoveMember.Refused refused -> throw refusal(refused.reason());
        }
    }
}
