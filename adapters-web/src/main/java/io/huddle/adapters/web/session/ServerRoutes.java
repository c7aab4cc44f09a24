package io.huddle.adapters.web.session;

import static io.huddle.adapters.web.SessionRequests.anyCaller;
import static io.huddle.adapters.web.SessionRequests.code;
import static io.huddle.adapters.web.SessionRequests.invalid;
import static io.huddle.adapters.web.SessionRequests.unauthorized;

import com.fasterxml.jackson.databind.JsonNode;
import io.huddle.adapters.web.BodyFields;
import io.huddle.adapters.web.ErrorCode;
import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.JsonBody;
import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import io.huddle.adapters.web.QueryParams;
import io.huddle.adapters.web.message.MessageJson;
import io.huddle.adapters.web.message.MessageRoutes;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.auth.Caller;
import io.huddle.application.message.SendMessage;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.GetSession;
import io.huddle.application.session.ListLiveSessions;
import io.huddle.application.session.ListMembers;
import io.huddle.application.session.RemoveMember;
import io.huddle.application.session.SessionAccess;
import io.huddle.application.session.TerminateSession;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.message.NewMessage;
import io.huddle.domain.session.OwnerId;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.text.Violations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The server API of PROTOCOL.md section 10 (docs/api.md "Server API"): what a backend holding a server key
 * may do on any session, on the same use cases as the member routes. Every handler first requires a server
 * key, before it reads the path's code, so without one an existing and an unknown code get the same answer.
 * A backend's message is the system's ({@code senderId} null, {@code kind} {@code system} unless it names
 * one) and goes through the one send path, so it is stored with its seq, idempotent by
 * {@code clientMsgId} and delivered like any other.
 */
public final class ServerRoutes implements HttpRoutes {
    static final String SESSIONS = "/api/server/sessions";
    static final String MESSAGES = "/api/server/messages";
    /** How many sessions one publish may name. */
    static final int MAX_TARGETS = 100;

    private static final String SYSTEM_KIND = "system";
    private final Authenticate authenticate;
    private final CreateSession create;
    private final ListLiveSessions list;
    private final SessionAnswers answers;
    private final SendMessage send;
    private final InstantSource clock;

    public ServerRoutes(
            Authenticate authenticate,
            CreateSession create,
            ListLiveSessions list,
            GetSession get,
            TerminateSession terminate,
            ListMembers members,
            RemoveMember remove,
            SendMessage send,
            InstantSource clock) {
        this.authenticate = Objects.requireNonNull(authenticate, "authenticate");
        this.create = Objects.requireNonNull(create, "create");
        this.list = Objects.requireNonNull(list, "list");
        this.answers = new SessionAnswers(get, terminate, members, remove, clock);
        this.send = Objects.requireNonNull(send, "send");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(SESSIONS, this::create);
        routes.get(SESSIONS, this::list);
        routes.get(SESSIONS + "/{code}", ctx -> answers.get(ctx, server(ctx)));
        routes.delete(SESSIONS + "/{code}", ctx -> answers.terminate(ctx, server(ctx)));
        routes.get(SESSIONS + "/{code}/members", ctx -> answers.members(ctx, server(ctx)));
        routes.delete(SESSIONS + "/{code}/members/{memberId}", ctx -> answers.remove(ctx, server(ctx)));
        routes.get(SESSIONS + "/{code}/presence", ctx -> answers.presence(ctx, server(ctx)));
        routes.post(SESSIONS + "/{code}/messages", this::publish);
        routes.post(MESSAGES, this::publishToMany);
    }

    /**
     * The server key of the request. None, or one that does not verify, is {@code 401}; a valid member or
     * user token is {@code 403}: it is a credential, but not one these routes take.
     */
    private Caller.AsServer server(Context ctx) {
        return switch (anyCaller(ctx, authenticate)) {
            case Caller.AsServer server -> server;
            case Caller.Nobody nobody -> throw unauthorized("This needs a server key: Authorization: Bearer hk_….");
            case Caller.AsMember member -> throw notAServerKey();
            case Caller.AsUser user -> throw notAServerKey();
        };
    }

    private static ProblemException notAServerKey() {
        return new ProblemException(
                Problem.of(ErrorCode.FORBIDDEN, "Only a server key may use /api/server/; this is not one."));
    }

    private void create(Context ctx) {
        server(ctx);
        var body = BodyFields.of(JsonBody.readTreeIfAny(ctx));
        var ownerId = body.text("ownerId");
        var name = body.text("name");
        var maxMembers = body.integer("maxMembers");
        var ttlSeconds = body.integer("ttlSeconds");
        var displayName = body.text("displayName");
        body.requireTypes();
        var owner = ownerId.flatMap(OwnerId::claimed)
                .orElseThrow(
                        () -> new ProblemException(
                                Problem.invalidField(
                                        "ownerId",
                                        "is required: the owner's user id, 1 to 128 characters, no control characters, not \"anonymous\"")));
        var command = new CreateSession.Command(owner, name, maxMembers, ttlSeconds, displayName);
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
        var caller = server(ctx);
        var errors = new ArrayList<Problem.FieldError>();
        int limit = ListQuery.limit(QueryParams.get(ctx, "limit"), errors);
        // An empty ownerId= is an ownerId of 0 characters, out of its rule like a blank one: never "every owner".
        var owner = Optional.ofNullable(QueryParams.get(ctx, "ownerId"));
        if (owner.isPresent() && !OwnerId.isWellFormed(owner.get())) {
            errors.add(new Problem.FieldError("ownerId", "must be 1 to 128 characters, no control characters"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalidRequest("A query parameter breaks its rule.", errors));
        }
        var cursor = Optional.ofNullable(QueryParams.get(ctx, "cursor")).filter(c -> !c.isEmpty());
        var command = new ListLiveSessions.Command(caller, owner.map(OwnerId::new), cursor, limit);
        switch (list.handle(command)) {
            case ListLiveSessions.Listed listed -> {
                var now = clock.instant();
                ctx.json(new Wire.SessionPage(
                        listed.sessions().stream()
                                .map(s -> Wire.session(s, now))
                                .toList(),
                        listed.nextCursor().orElse(null)));
            }
            case ListLiveSessions.BadCursor bad ->
                throw new ProblemException(
                        Problem.invalidField("cursor", "is not a nextCursor of this listing; start without one"));
            case ListLiveSessions.Refused refused -> throw notAServerKey();
        }
    }

    /** The fields of a system message, as both publish routes take them. */
    private record Publication(
            Optional<String> content, Optional<String> kind, Optional<String> data, Optional<String> clientMsgId) {
        static Publication of(BodyFields body) {
            return new Publication(
                    body.text("content"),
                    Optional.of(body.text("kind").orElse(SYSTEM_KIND)),
                    body.json("data"),
                    body.text("clientMsgId"));
        }

        SendMessage.Command to(Caller caller, SessionCode code) {
            return new SendMessage.Command(caller, code, content, kind, data, clientMsgId);
        }
    }

    private void publish(Context ctx) {
        var caller = server(ctx);
        var code = code(ctx);
        var body = BodyFields.of(Optional.of(JsonBody.readTree(ctx)));
        var publication = Publication.of(body);
        body.requireTypes();
        MessageRoutes.answer(ctx, send.handle(publication.to(caller, code)));
    }

    /** One session's answer in a publish to many: {@code code} is null for a code that cannot exist. */
    record Result(String code, int status, MessageJson message, String error) {}

    record Results(List<Result> results) {}

    /**
     * The same message into up to {@link #MAX_TARGETS} sessions: every send is submitted before any is
     * waited for, so they share the writer's group commits. The answer is {@code 200} with one result per
     * named session, in the order named; the message is checked once, up front, so a bad message is one
     * {@code 400}, not a hundred.
     */
    private void publishToMany(Context ctx) {
        var caller = server(ctx);
        var tree = JsonBody.readTree(ctx);
        var body = BodyFields.of(Optional.of(tree));
        var publication = Publication.of(body);
        body.requireTypes();
        var targets = targets(tree.get("sessions"));
        var violations = new Violations();
        if (NewMessage.of(
                        publication.content(),
                        publication.kind(),
                        publication.data(),
                        publication.clientMsgId(),
                        violations)
                .isEmpty()) {
            throw invalid(violations.list());
        }
        var sends = new ArrayList<CompletableFuture<SendMessage.Outcome>>();
        for (var target : targets) {
            sends.add(target.map(code -> send.submit(publication.to(caller, code)))
                    .orElseGet(() ->
                            CompletableFuture.completedFuture(new SendMessage.Refused(SessionAccess.Refusal.HIDDEN))));
        }
        var results = new ArrayList<Result>();
        for (int i = 0; i < targets.size(); i++) {
            var code = targets.get(i).map(SessionCode::value).orElse(null);
            results.add(result(code, sends.get(i)));
        }
        ctx.status(200).json(new Results(results));
    }

    private static Result result(String code, CompletableFuture<SendMessage.Outcome> sent) {
        SendMessage.Outcome outcome;
        try {
            outcome = sent.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StoreUnavailable) {
                return new Result(code, 503, null, ErrorCode.STORAGE_UNAVAILABLE.code());
            }
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
        return switch (outcome) {
            case SendMessage.Sent s -> new Result(code, 201, MessageJson.of(s.message()), null);
            case SendMessage.Duplicate d -> new Result(code, 200, MessageJson.of(d.message()), null);
            case SendMessage.Refused r -> new Result(code, 404, null, ErrorCode.SESSION_NOT_FOUND.code());
            case SendMessage.Limited l -> new Result(code, 429, null, ErrorCode.RATE_LIMITED.code());
            // The message was checked before any send; a message that fails here fails for every session.
            case SendMessage.Invalid invalid -> throw invalid(invalid.violations());
        };
    }

    /**
     * {@code sessions}: 1 to {@link #MAX_TARGETS} strings, no session twice. A string that is not a code is
     * empty (answered {@code 404} like an unknown code, never echoed).
     */
    private static List<Optional<SessionCode>> targets(JsonNode sessions) {
        String rule = "must be an array of 1 to " + MAX_TARGETS + " session codes, none twice";
        if (sessions == null || !sessions.isArray() || sessions.isEmpty() || sessions.size() > MAX_TARGETS) {
            throw new ProblemException(Problem.invalidField("sessions", rule));
        }
        var targets = new ArrayList<Optional<SessionCode>>();
        var seen = new HashSet<SessionCode>();
        for (var element : sessions) {
            if (!element.isTextual()) throw new ProblemException(Problem.invalidField("sessions", rule));
            var code = SessionCode.parse(element.textValue());
            if (code.isPresent() && !seen.add(code.get())) {
                throw new ProblemException(Problem.invalidField("sessions", rule));
            }
            targets.add(code);
        }
        return targets;
    }
}
