package io.huddle.adapters.web.limit;

import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import io.huddle.adapters.web.auth.BearerHeader;
import io.huddle.application.limit.CheckLimits;
import io.huddle.domain.limit.LimitPolicy.Action;
import io.huddle.domain.limit.LimitPolicy.Requester;
import io.huddle.domain.limit.Verdict;
import io.huddle.domain.member.MemberToken;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.server.ServerKeys;
import io.huddle.domain.session.UserTokens;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits on every {@code /api} request, checked in a {@code before} handler, so before any
 * route's work (and before the body is read or the credential looked up): the limited request gets
 * {@code RateLimit-*} headers, the refused one {@code 429 rate_limited} with {@code Retry-After} and
 * the refusing {@code tier}. A join is the exception, and its limits are asked once per join: one whose
 * body and fields are valid is counted by the {@code join} tier just before the session lookup, from the
 * join handler ({@link #guardJoin}, which also refuses it while {@code join-fail} is full); one answered
 * before the lookup ({@code 400}, {@code 413}, {@code 415}, a malformed code's {@code 404}) costs the client
 * nothing, and is answered {@code 429} instead while {@code join-fail} is full, so that every join is
 * refused then (PROTOCOL.md section 7). Failed joins ({@code 404} on {@code POST …/members}) are counted
 * afterwards for {@code join-fail}.
 * The WebSocket endpoint asks the same limits for its upgrades and frames through {@link #checkConnect}
 * (answering a refusal itself, with {@link #headers} and the same problem) and {@link #checkFrame}.
 *
 * <p>A CORS preflight is answered (by the CORS handler) before this runs and is not counted.
 */
public final class RequestLimits implements HttpRoutes {
    private static final Logger log = LoggerFactory.getLogger(RequestLimits.class);
    private static final String KIND = "huddle.limit.kind";
    /** Set once the join handler asked the join's limits ({@link #guardJoin}). */
    private static final String JOIN_ASKED = "huddle.limit.join-asked";

    private static final Requester ANONYMOUS = new Requester.Anonymous();

    private final CheckLimits limits;
    private final ClientIps clientIps;
    private final UserTokens userTokens;
    private final ServerKeys serverKeys;

    /**
     * {@code userTokens} verifies a JWT to key {@code strict} by its user, {@code serverKeys} a server key to
     * key {@code server} by its name (a hash and a comparison, no store); nothing else is looked up.
     */
    public RequestLimits(CheckLimits limits, ClientIps clientIps, UserTokens userTokens, ServerKeys serverKeys) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clientIps = Objects.requireNonNull(clientIps, "clientIps");
        this.userTokens = Objects.requireNonNull(userTokens, "userTokens");
        this.serverKeys = Objects.requireNonNull(serverKeys, "serverKeys");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before("/api/*", this::guard);
        routes.after("/api/*", this::afterJoin);
    }

    /** The client IP of a request, behind trusted proxies: key the socket's frames with this. */
    public String clientIp(Context ctx) {
        return clientIps.of(ctx);
    }

    /** The client IP of a WebSocket upgrade from {@code peer} with these {@code X-Forwarded-For} values. */
    public String clientIp(String peer, List<String> forwardedFor) {
        return clientIps.of(peer, forwardedFor);
    }

    /** The {@code connect} tier for a new socket from {@code clientIp}; empty when that tier is off. */
    public Optional<Verdict> checkConnect(String clientIp) {
        return check(new Action.Connect(clientIp));
    }

    /**
     * A frame of the member whose token hashes to {@code member}: {@code burst}, and for
     * {@code message:send} ({@code message}) also {@code message} and {@code message-ip}. Keyed as the
     * HTTP requests of that member are, so both paths share one count. Empty when those tiers are off.
     */
    public Optional<Verdict> checkFrame(TokenHash member, String clientIp, boolean message) {
        return check(new Action.Frame(member, clientIp, message));
    }

    /**
     * For the join handler, once the join's body and fields are valid and just before the session lookup:
     * the {@code join} tier by the client IP (and {@code join-fail}). Allowed: sets the {@code RateLimit-*}
     * headers. Refused: throws the {@code 429} problem.
     */
    public void guardJoin(Context ctx) {
        ctx.attribute(JOIN_ASKED, Boolean.TRUE);
        check(new Action.Join(clientIp(ctx))).ifPresent(verdict -> answer(ctx, verdict));
    }

    /** {@code retryAfter} as frames and {@code Retry-After} carry it: whole seconds, at least 1. */
    public static long retryAfterSeconds(Verdict verdict) {
        return Problem.rateLimited(verdict.tier(), verdict.retryAfter())
                .retryAfterSeconds()
                .orElseThrow();
    }

    private void guard(Context ctx) {
        var kind = LimitedRoutes.of(ctx.method().name(), ctx.path());
        ctx.attribute(KIND, kind);
        String ip = clientIp(ctx);
        var action = switch (kind) {
            case API -> new Action.ApiRequest(ip, requester(ctx, false));
            case STRICT -> new Action.StrictRequest(ip, requester(ctx, true));
            // Asked by the join handler or, for a join answered before the lookup, afterwards (afterJoin):
            // asking join-fail here as well would cost every join a second limiter call.
            case JOIN -> null;
            case MESSAGE -> new Action.SendMessage(ip, requester(ctx, false));
            case SERVER -> new Action.ServerRequest(ip, server(ctx));
        };
        if (action != null) check(action).ifPresent(verdict -> answer(ctx, verdict));
    }

    /**
     * A join the handler answered before the session lookup (it never asked {@link #guardJoin}) is
     * refused instead while {@code join-fail} is full: the answer becomes that {@code 429}. Then a join
     * that failed with {@code 404} is counted for {@code join-fail}.
     */
    private void afterJoin(Context ctx) {
        if (ctx.attribute(KIND) != LimitedRoutes.Kind.JOIN) return;
        if (ctx.attribute(JOIN_ASKED) == null) {
            // Only gates, counted by no tier: an allowed attempt gets no RateLimit-* headers.
            check(new Action.JoinAttempt())
                    .filter(verdict -> !verdict.allowed())
                    .ifPresent(verdict -> answer(ctx, verdict));
        }
        if (ctx.statusCode() != 404) return;
        try {
            check(new Action.JoinFailed());
        } catch (RuntimeException e) {
            // The answer is given; a failure that goes uncounted only loosens join-fail for a moment.
            log.atWarn().setCause(e).log("could not count a failed join");
        }
    }

    private Optional<Verdict> check(Action action) {
        return switch (limits.handle(action)) {
            case CheckLimits.Unlimited unlimited -> Optional.empty();
            case CheckLimits.Allowed(var verdict) -> Optional.of(verdict);
            case CheckLimits.Refused(var verdict) -> Optional.of(verdict);
        };
    }

    /**
     * Who the credential names, without a store lookup: a well-formed member token by its hash (the
     * handler finds out whether it is valid), a JWT by its user only where a tier keys by user.
     */
    private Requester requester(Context ctx, boolean byUser) {
        if (!(BearerHeader.read(ctx.header("Authorization")) instanceof BearerHeader.Read.Credential(var value))) {
            return ANONYMOUS;
        }
        if (MemberToken.looksLikeOne(value)) {
            return MemberToken.parse(value)
                    .<Requester>map(t -> new Requester.Member(t.hash()))
                    .orElse(ANONYMOUS);
        }
        return byUser
                ? userTokens.verify(value).<Requester>map(Requester.User::new).orElse(ANONYMOUS)
                : ANONYMOUS;
    }

    /** The server key a request holds, when it verifies; anyone else is counted by IP in the {@code server} tier. */
    private Requester server(Context ctx) {
        if (BearerHeader.read(ctx.header("Authorization")) instanceof BearerHeader.Read.Credential(var value)
                && ServerKeys.looksLikeOne(value)) {
            return serverKeys
                    .verify(value)
                    .<Requester>map(Requester.Server::new)
                    .orElse(ANONYMOUS);
        }
        return ANONYMOUS;
    }

    /** Headers for a limited request; a refusal ends it here with {@code 429}. */
    private static void answer(Context ctx, Verdict verdict) {
        headers(verdict).forEach(ctx::header);
        if (!verdict.allowed()) throw new ProblemException(Problem.rateLimited(verdict.tier(), verdict.retryAfter()));
    }

    /** The {@code RateLimit-*} headers of a limited request, in order (PROTOCOL.md section 4). */
    public static Map<String, String> headers(Verdict verdict) {
        var decision = verdict.decision();
        var headers = new LinkedHashMap<String, String>();
        headers.put("RateLimit-Limit", Integer.toString(decision.limit().count()));
        headers.put("RateLimit-Remaining", Integer.toString(decision.remaining()));
        headers.put("RateLimit-Reset", Long.toString(wholeSeconds(decision.reset())));
        return headers;
    }

    /** Rounded up, so a client that waits this long finds the window moved; at least 1. */
    private static long wholeSeconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
