package io.huddle.adapters.web.session;

import static io.huddle.adapters.web.SessionRequests.caller;
import static io.huddle.adapters.web.SessionRequests.code;
import static io.huddle.adapters.web.SessionRequests.invalid;
import static io.huddle.adapters.web.SessionRequests.sessionNotFound;
import static io.huddle.adapters.web.SessionRequests.unauthorized;

import io.huddle.adapters.web.BodyFields;
import io.huddle.adapters.web.ErrorCode;
import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.JsonBody;
import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.auth.Caller;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.GetSession;
import io.huddle.application.session.JoinSession;
import io.huddle.application.session.ListMembers;
import io.huddle.application.session.ListSessions;
import io.huddle.application.session.RemoveMember;
import io.huddle.application.session.TerminateSession;
import io.huddle.domain.member.JoinRequest;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.text.Violations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The session, member and presence endpoints of PROTOCOL.md section 4. Each handler reads the caller
 * from {@code Authorization: Bearer …}, hands one command to its use case and maps the use case's
 * outcome, every case of it, in one {@code switch}.
 */
public final class SessionRoutes implements HttpRoutes {
    static final String SESSIONS = "/api/sessions";

    private final Authenticate authenticate;
    private final CreateSession create;
    private final ListSessions list;
    private final SessionAnswers answers;
    private final JoinSession join;
    private final InstantSource clock;
    private final Settings settings;
    private final JoinGate joinGate;

    /**
     * Asked once for each join whose body and fields are valid, just before the session lookup: the
     * {@code join} rate limit (PROTOCOL.md section 7 counts only joins that reach the lookup). Refuses by
     * throwing the {@code 429} problem.
     */
    @FunctionalInterface
    public interface JoinGate {
        void admit(Context ctx);
    }

    /**
     * How callers may create sessions.
     *
     * @param openCreation {@code HUDDLE_AUTH_MODE=open}: creating needs no user token and a session created
     *     without one is owned by {@link OwnerId#ANONYMOUS}; otherwise ({@code jwt}) only a user token creates
     */
    public record Settings(boolean openCreation) {
        public static Settings openMode() {
            return new Settings(true);
        }

        public static Settings jwtMode() {
            return new Settings(false);
        }
    }

    /** {@code clock} says whether a listed session is {@code active} or {@code ended}; give it the use cases' clock. */
    public SessionRoutes(
            Authenticate authenticate,
            CreateSession create,
            ListSessions list,
            GetSession get,
            TerminateSession terminate,
            JoinSession join,
            ListMembers members,
            RemoveMember remove,
            InstantSource clock,
            Settings settings,
            JoinGate joinGate) {
        this.authenticate = Objects.requireNonNull(authenticate, "authenticate");
        this.create = Objects.requireNonNull(create, "create");
        this.list = Objects.requireNonNull(list, "list");
        this.answers = new SessionAnswers(get, terminate, members, remove, clock);
        this.join = Objects.requireNonNull(join, "join");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.joinGate = Objects.requireNonNull(joinGate, "joinGate");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(SESSIONS, this::create);
        routes.get(SESSIONS, this::list);
        routes.get(SESSIONS + "/{code}", ctx -> answers.get(ctx, caller(ctx, authenticate)));
        routes.delete(SESSIONS + "/{code}", ctx -> answers.terminate(ctx, caller(ctx, authenticate)));
        routes.post(SESSIONS + "/{code}/members", this::join);
        routes.get(SESSIONS + "/{code}/members", ctx -> answers.members(ctx, caller(ctx, authenticate)));
        routes.delete(SESSIONS + "/{code}/members/{memberId}", ctx -> answers.remove(ctx, caller(ctx, authenticate)));
        routes.get(SESSIONS + "/{code}/presence", ctx -> answers.presence(ctx, caller(ctx, authenticate)));
    }

    private void create(Context ctx) {
        var owner = owner(caller(ctx, authenticate));
        var body = BodyFields.of(JsonBody.readTreeIfAny(ctx));
        var command = new CreateSession.Command(
                owner,
                body.text("name"),
                body.integer("maxMembers"),
                body.integer("ttlSeconds"),
                body.text("displayName"));
        body.requireTypes();
        switch (create.handle(command)) {
            case CreateSession.Created created -> {
                var code = created.session().session().code();
                ctx.status(201).header("Location", SESSIONS + "/" + code.value());
                ctx.json(Wire.entered(created.session(), created.owner(), created.token(), clock.instant()));
            }
            case CreateSession.Invalid invalid -> throw invalid(invalid.violations());
        }
    }

    private void list(Context ctx) {
        var user = switch (caller(ctx, authenticate)) {
            case Caller.AsUser(var owner) -> owner;
            case Caller.AsMember member -> throw unauthorized("Listing sessions needs a user token.");
            case Caller.Nobody nobody -> throw unauthorized("Listing sessions needs a user token.");
            case Caller.AsServer server -> throw unauthorized("Listing sessions needs a user token.");
        };
        var query = ListQuery.from(ctx);
        switch (list.handle(new ListSessions.Command(user, query.status(), query.cursor(), query.limit()))) {
            case ListSessions.Listed listed -> {
                var now = clock.instant();
                ctx.json(new Wire.SessionPage(
                        listed.sessions().stream()
                                .map(s -> Wire.session(s, now))
                                .toList(),
                        listed.nextCursor().orElse(null)));
            }
            case ListSessions.BadCursor bad ->
                throw new ProblemException(
                        Problem.invalidField("cursor", "is not a nextCursor of this listing; start without one"));
        }
    }

    /**
     * Anyone with the code may join, so the {@code Authorization} header is not read: a client still
     * sending the token of a member that has left must be able to join again.
     */
    private void join(Context ctx) {
        var code = code(ctx);
        var body = BodyFields.of(JsonBody.readTreeIfAny(ctx));
        var command = new JoinSession.Command(code, body.text("displayName"), body.text("role"));
        body.requireTypes();
        // Checked here as well as in the use case, so that a join refused as 400 is not counted by the limit.
        var violations = new Violations();
        if (JoinRequest.of(command.displayName(), command.role(), violations).isEmpty()) {
            throw invalid(violations.list());
        }
        joinGate.admit(ctx);
        switch (join.handle(command)) {
            case JoinSession.Joined joined ->
                ctx.status(201).json(Wire.entered(joined.session(), joined.member(), joined.token(), clock.instant()));
            case JoinSession.Invalid invalid -> throw invalid(invalid.violations());
            case JoinSession.NotFound notFound -> throw sessionNotFound();
            case JoinSession.Full full ->
                throw new ProblemException(
                        Problem.of(ErrorCode.SESSION_FULL, "The session has reached its maxMembers."));
        }
    }

    /** Open mode lets anyone create (a member token names no user, so it creates anonymously too). */
    private OwnerId owner(Caller caller) {
        return switch (caller) {
            case Caller.AsUser(var user) -> user;
            case Caller.Nobody nobody when settings.openCreation() -> OwnerId.ANONYMOUS;
            case Caller.AsMember member when settings.openCreation() -> OwnerId.ANONYMOUS;
            case Caller.Nobody nobody -> throw unauthorized("Creating a session needs a user token.");
            case Caller.AsMember member -> throw unauthorized("Creating a session needs a user token.");
            case Caller.AsServer server -> throw unauthorized("Creating a session needs a user token.");
        };
    }
}
