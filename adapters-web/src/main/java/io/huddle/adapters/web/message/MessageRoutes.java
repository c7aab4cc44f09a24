package io.huddle.adapters.web.message;

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
import io.huddle.adapters.web.QueryParams;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.message.ClearHistory;
import io.huddle.application.message.GetHistory;
import io.huddle.application.message.GetMessageStats;
import io.huddle.application.message.SearchMessages;
import io.huddle.application.message.SendMessage;
import io.huddle.domain.member.Permission;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;

/**
 * The message endpoints of PROTOCOL.md section 4. Each handler reads the caller from
 * {@code Authorization: Bearer …}, hands one command to its use case and maps the use case's outcome,
 * every case of it, in one {@code switch}.
 */
public final class MessageRoutes implements HttpRoutes {
    static final String MESSAGES = "/api/sessions/{code}/messages";

    private final Authenticate authenticate;
    private final SendMessage send;
    private final GetHistory history;
    private final SearchMessages search;
    private final GetMessageStats stats;
    private final ClearHistory clear;

    public MessageRoutes(
            Authenticate authenticate,
            SendMessage send,
            GetHistory history,
            SearchMessages search,
            GetMessageStats stats,
            ClearHistory clear) {
        this.authenticate = Objects.requireNonNull(authenticate, "authenticate");
        this.send = Objects.requireNonNull(send, "send");
        this.history = Objects.requireNonNull(history, "history");
        this.search = Objects.requireNonNull(search, "search");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.clear = Objects.requireNonNull(clear, "clear");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(MESSAGES, this::send);
        routes.get(MESSAGES, this::history);
        routes.delete(MESSAGES, this::clear);
        routes.get(MESSAGES + "/search", this::search);
        routes.get(MESSAGES + "/stats", this::stats);
    }

    /** A body is required ({@code content} is); {@code data} is any JSON value, kept as the shared mapper writes it. */
    private void send(Context ctx) {
        var caller = caller(ctx, authenticate);
        var code = code(ctx);
        refuseByCredential(caller, code, Permission.SEND_MESSAGE);
        var body = BodyFields.of(Optional.of(JsonBody.readTree(ctx)));
        var command = new SendMessage.Command(
                caller, code, body.text("content"), body.text("kind"), body.json("data"), body.text("clientMsgId"));
        body.requireTypes();
        answer(ctx, send.handle(command));
    }

    /**
     * A send's outcome as its HTTP answer, for every route that sends one message: {@code 201} with the
     * stored message, {@code 200} with the one stored first for a repeated {@code clientMsgId}, else its
     * problem.
     */
    public static void answer(Context ctx, SendMessage.Outcome outcome) {
        switch (outcome) {
            case SendMessage.Sent sent -> ctx.status(201).json(MessageJson.of(sent.message()));
            case SendMessage.Duplicate duplicate -> ctx.status(200).json(MessageJson.of(duplicate.message()));
            case SendMessage.Invalid invalid -> throw invalid(invalid.violations());
            case SendMessage.Refused refused -> throw refusal(refused.reason());
            // The routes' before handlers count their tier first; a limit met inside the send is answered alike.
            case SendMessage.Limited limited ->
                throw new ProblemException(Problem.rateLimited(
                        limited.verdict().tier(), limited.verdict().retryAfter()));
        }
    }

    private void history(Context ctx) {
        var caller = caller(ctx, authenticate);
        var code = code(ctx);
        var query = new QueryNumbers(ctx);
        var command =
                new GetHistory.Command(caller, code, query.whole("before"), query.whole("after"), query.whole("limit"));
        query.requireNumbers();
        switch (history.handle(command)) {
            case GetHistory.Page page -> ctx.json(Wire.history(page.page()));
            case GetHistory.Invalid invalid -> throw invalid(invalid.violations());
            case GetHistory.Refused refused -> throw refusal(refused.reason());
        }
    }

    private void search(Context ctx) {
        var caller = caller(ctx, authenticate);
        var code = code(ctx);
        var query = new QueryNumbers(ctx);
        var command = new SearchMessages.Command(
                caller, code, Optional.ofNullable(QueryParams.get(ctx, "q")), query.whole("limit"));
        query.requireNumbers();
        switch (search.handle(command)) {
            case SearchMessages.Found found -> ctx.json(Wire.found(found.messages()));
            case SearchMessages.Invalid invalid -> throw invalid(invalid.violations());
            case SearchMessages.Refused refused -> throw refusal(refused.reason());
        }
    }

    private void stats(Context ctx) {
        var caller = caller(ctx, authenticate);
        switch (stats.handle(new GetMessageStats.Command(caller, code(ctx)))) {
            case GetMessageStats.Stats found -> ctx.json(Wire.stats(found.stats()));
            case GetMessageStats.Refused refused -> throw refusal(refused.reason());
        }
    }

    private void clear(Context ctx) {
        var caller = caller(ctx, authenticate);
        switch (clear.handle(new ClearHistory.Command(caller, code(ctx)))) {
            case ClearHistory.Cleared cleared -> ctx.status(204);
            case ClearHistory.Refused refused -> throw refusal(refused.reason());
        }
    }
}
