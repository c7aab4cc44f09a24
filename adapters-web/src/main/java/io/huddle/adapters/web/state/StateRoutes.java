package io.huddle.adapters.web.state;

import static io.huddle.adapters.web.SessionRequests.caller;
import static io.huddle.adapters.web.SessionRequests.code;
import static io.huddle.adapters.web.SessionRequests.invalid;
import static io.huddle.adapters.web.SessionRequests.refusal;
import static io.huddle.adapters.web.SessionRequests.refuseByCredential;

import io.huddle.adapters.web.BodyFields;
import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.JsonBody;
import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.state.GetState;
import io.huddle.application.state.UpdateState;
import io.huddle.domain.member.Permission;
import io.huddle.domain.state.SharedState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared-state endpoints of PROTOCOL.md section 4: {@code GET} answers the state with its version
 * as {@code ETag}; {@code PUT} writes {@code {"data":…}}, with {@code If-Match} only on top of that
 * version ({@link IfMatch}), and answers the new state and its {@code ETag}.
 */
public final class StateRoutes implements HttpRoutes {
    static final String STATE = "/api/sessions/{code}/state";

    private final Authenticate authenticate;
    private final GetState get;
    private final UpdateState update;

    public StateRoutes(Authenticate authenticate, GetState get, UpdateState update) {
        this.authenticate = Objects.requireNonNull(authenticate, "authenticate");
        this.get = Objects.requireNonNull(get, "get");
        this.update = Objects.requireNonNull(update, "update");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(STATE, this::get);
        routes.put(STATE, this::update);
    }

    private void get(Context ctx) {
        var caller = caller(ctx, authenticate);
        switch (get.handle(new GetState.Command(caller, code(ctx)))) {
            case GetState.Found found -> answer(ctx, found.state());
            case GetState.Refused refused -> throw refusal(refused.reason());
        }
    }

    /** {@code data} is required and may be any JSON value, {@code null} included. */
    private void update(Context ctx) {
        var caller = caller(ctx, authenticate);
        var code = code(ctx);
        refuseByCredential(caller, code, Permission.WRITE_STATE);
        var baseVersion = IfMatch.baseVersion(Collections.list(ctx.req().getHeaders(IfMatch.HEADER)));
        var body = BodyFields.of(Optional.of(JsonBody.readTree(ctx)));
        var command = new UpdateState.Command(caller, code, body.jsonOrNull("data"), baseVersion);
        switch (update.handle(command)) {
            case UpdateState.Updated updated -> answer(ctx, updated.state());
            case UpdateState.Conflict conflict ->
                throw new ProblemException(Problem.versionConflict(conflict.currentVersion()));
            case UpdateState.Invalid invalid -> throw invalid(invalid.violations());
            // A field over its rule, as a message's data over 16 KiB: 413 is for the whole body (PROTOCOL.md section
            // 4).
            case UpdateState.TooLarge tooLarge ->
                throw new ProblemException(Problem.invalidRequest(
                        "The request breaks a rule.",
                        List.of(new Problem.FieldError(
                                "data", "must be at most " + tooLarge.maxBytes() + " bytes serialized"))));
            case UpdateState.Refused refused -> throw refusal(refused.reason());
        }
    }

    private static void answer(Context ctx, SharedState state) {
        ctx.header("ETag", StateJson.etag(state)).json(StateJson.of(state));
    }
}
