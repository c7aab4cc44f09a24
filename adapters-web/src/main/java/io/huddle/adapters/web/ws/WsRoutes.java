package io.huddle.adapters.web.ws;

import io.huddle.adapters.web.CorrelationIds;
import io.huddle.adapters.web.ErrorCode;
import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import io.huddle.adapters.web.Problems;
import io.huddle.adapters.web.auth.BearerHeader;
import io.huddle.adapters.web.limit.RequestLimits;
import io.huddle.application.realtime.ConnectionStream;
import io.huddle.application.realtime.Connections;
import io.huddle.application.realtime.RealtimeMeters;
import io.huddle.domain.limit.Verdict;
import io.huddle.domain.message.HistoryQuery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ws}, PROTOCOL.md section 5. The upgrade is taken by Jetty's core WebSocket handler, before
 * the servlet layer, so an open socket holds only what it needs (no servlet request, Javalin context or
 * HTTP session: a few kilobytes a socket); a plain {@code GET /ws} goes on to Javalin, which answers
 * {@code 426}. Before the upgrade: the connect limit ({@code 429} problem), the credential (the
 * {@code Authorization} header, or the {@code bearer.<token>} subprotocol next to {@code huddle.v1},
 * which is then the one selected; never the URL), {@code ?since}. After it: the origin ({@code 1008})
 * and the token ({@code 4001}) are judged, so browsers see why, then each socket lives in a
 * {@link Socket} that hands its frames to the application's connection stream. Messages over 64 KiB are
 * closed with {@code 1009}. Compression (permessage-deflate) is not negotiated: a deflate context per
 * socket costs more memory than Huddle's small frames save.
 */
public final class WsRoutes implements HttpRoutes {
    static final String PATH = "/ws";
    static final String SUBPROTOCOL = "huddle.v1";
    private static final String BEARER_PREFIX = "bearer.";
    private static final Logger log = LoggerFactory.getLogger(WsRoutes.class);

    private final Connections connections;
    private final RequestLimits limits;
    private final WsSettings settings;
    private final RealtimeMeters meters;
    private final Map<Socket, Boolean> sockets = new ConcurrentHashMap<>();
    /**
     * Set when the drain begins, before it takes its list of sockets: Jetty keeps accepting upgrades until
     * its connectors stop, after the unregistrations, and a socket opened meanwhile would be in no list.
     */
    private volatile boolean draining;

    public WsRoutes(Connections connections, RequestLimits limits, WsSettings settings, RealtimeMeters meters) {
        this.connections = Objects.requireNonNull(connections);
        this.limits = Objects.requireNonNull(limits);
        this.settings = Objects.requireNonNull(settings);
        this.meters = Objects.requireNonNull(meters);
    }

    /** How many sockets this gateway holds open. */
    public int openSockets() {
        return sockets.size();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, WsRoutes::upgradeRequired);
    }

    @Override
    public Optional<Handler.Wrapper> beforeServlets() {
        var upgrades = new WebSocketUpgradeHandler(new WebSocketComponents());
        var negotiator = new Negotiator();
        upgrades.addMapping(PATH, negotiator);
        // With one trailing slash too, as every route of the gateway (Javalin ignores it when matching):
        // a plain GET /ws/ is answered 426, so a WebSocket client must be able to take that advice there.
        upgrades.addMapping(PATH + "/", negotiator);
        // It comes with a handler of its own for what it does not upgrade; the server's handler goes there.
        upgrades.setHandler((Handler) null);
        return Optional.of(upgrades);
    }

    /**
     * Closes every socket with {@code 1001} (reconnect elsewhere, with since) and unregisters it, waiting
     * for that {@link #unregisterWithin}, so presence is right before the stores close. Every
     * client hears its close first, so all can reconnect elsewhere at once; the unregistrations then run
     * side by side ({@code CloseSocket} paces them), where one after the other took a store round trip or
     * more each: ten thousand sockets outlasted the wait.
     */
    @Override
    public void stopping(Duration grace) {
        long started = System.nanoTime();
        draining = true;
        var open = List.copyOf(sockets.keySet());
        if (open.isEmpty()) return;
        open.forEach(Socket::shutDown);
        var unregistered = new CountDownLatch(open.size());
        for (var socket : open) {
            Thread.startVirtualThread(() -> {
                try {
                    socket.unregister();
                } finally {
                    unregistered.countDown();
                }
            });
        }
        var bound = unregisterWithin(grace);
        long deadline = System.nanoTime() + bound.toNanos();
        long took;
        try {
            unregistered.await(bound.toNanos(), TimeUnit.NANOSECONDS);
            took = System.nanoTime() - started;
            while (!sockets.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long unregistering = unregistered.getCount();
        if (unregistering > 0) {
            log.warn(
                    "{} sockets were still being unregistered when the gateway stopped: their members look online"
                            + " until the ghost presence job finds this instance gone",
                    unregistering);
            return;
        }
        log.atInfo()
                .addKeyValue("sockets", open.size())
                .addKeyValue("ms", Duration.ofNanos(took).toMillis())
                .log("sockets closed with 1001 and unregistered");
        if (!sockets.isEmpty()) log.warn("{} sockets were still closing when the gateway stopped", sockets.size());
    }

    /**
     * Half the drain's grace, at least 1 s and at most 10 s: the requests in flight get the whole grace
     * after it (20 s by default), so a drain stays within 30 s. 18,000 sockets took 8 s on a 2-core
     * machine whose load generator answered every close meanwhile.
     */
    static Duration unregisterWithin(Duration grace) {
        var half = grace.dividedBy(2);
        if (half.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
        return half.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : half;
    }

    /**
     * {@code GET /ws} without a WebSocket upgrade Jetty could make: {@code 426}, naming the upgrade it needs,
     * and the one WebSocket version it speaks (RFC 6455, section 4.4: the answer to a handshake of another
     * {@code Sec-WebSocket-Version}).
     */
    private static void upgradeRequired(Context ctx) {
        ctx.header("Upgrade", "websocket");
        ctx.header("Connection", "Upgrade");
        ctx.header("Sec-WebSocket-Version", "13");
        throw new ProblemException(Problem.of(
                ErrorCode.UPGRADE_REQUIRED, "This is a WebSocket endpoint: connect with a WebSocket client."));
    }

    /**
     * Decides each upgrade of {@code /ws}: refused ones are answered here (the {@code 429} problem), the
     * others become a {@link Socket}. Its settings apply to every socket: frames up to 64 KiB, and Jetty's
     * idle timeout as a backstop only (the heartbeat closes silent clients, since pings keep the timer
     * from firing).
     */
    private final class Negotiator extends WebSocketNegotiator.AbstractNegotiator {
        Negotiator() {
            setMaxFrameSize(WsSettings.MAX_TEXT_BYTES);
            setMaxTextMessageSize(WsSettings.MAX_TEXT_BYTES);
            setMaxBinaryMessageSize(WsSettings.MAX_TEXT_BYTES);
            setIdleTimeout(settings.heartbeat().multipliedBy(ConnectionStream.MISSED_HEARTBEATS + 2));
        }

        @Override
        public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
            var correlationId = CorrelationIds.keepOrCreate(request.getHeaders().get(CorrelationIds.HEADER));
            response.getHeaders().put(CorrelationIds.HEADER, correlationId);
            var clientIp = limits.clientIp(
                    Request.getRemoteAddr(request), request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
            // The connect tier, keyed by the client's address: a refusal is the 429 problem, before any socket opens.
            var verdict = limits.checkConnect(clientIp);
            if (verdict.isPresent()) {
                RequestLimits.headers(verdict.get()).forEach(response.getHeaders()::put);
                if (!verdict.get().allowed()) {
                    refuse(verdict.get(), correlationId, response, callback);
                    return null;
                }
            }
            var offered = request.getSubProtocols();
            // Only huddle.v1 is ever selected: never echo an offered protocol, which may be the token itself.
            if (offered.contains(SUBPROTOCOL)) response.setAcceptedSubProtocol(SUBPROTOCOL);
            response.setExtensions(List.of());
            var query = Request.extractQueryParameters(request);
            var socket = new Socket(
                    connections,
                    new Connections.Request(
                            bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION), offered),
                            since(query.getValues("since")),
                            clientIp,
                            UUID.randomUUID().toString()),
                    refusal(request.getHeaders().get(HttpHeader.ORIGIN), query),
                    meters,
                    WsRoutes.this::opened,
                    WsRoutes.this::cleanedUp);
            log.debug("upgrading /ws for {} (correlation id {})", clientIp, correlationId);
            return socket;
        }
    }

    /**
     * Registers an open socket; false once the drain began, and the socket then closes with {@code 1001}
     * without opening. Registered first and judged after, so a socket is either in the drain's list or
     * sees the drain (the flag is set before the list is taken); one in both is closed twice, harmlessly.
     */
    private boolean opened(Socket socket) {
        sockets.put(socket, Boolean.TRUE);
        return !draining;
    }

    private void cleanedUp(Socket socket) {
        sockets.remove(socket);
    }

    private static void refuse(
            Verdict verdict, String correlationId, ServerUpgradeResponse response, Callback callback) {
        var problem = Problem.rateLimited(verdict.tier(), verdict.retryAfter());
        var body = Problems.body(problem, correlationId);
        response.setStatus(problem.code().status());
        problem.retryAfterSeconds().ifPresent(s -> response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(s)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The member token: the {@code Authorization} header, else a {@code bearer.} subprotocol next to huddle.v1. */
    static Optional<String> bearer(String authorization, List<String> offered) {
        return switch (BearerHeader.read(authorization)) {
            case BearerHeader.Read.Credential(var value) -> Optional.of(value);
            case BearerHeader.Read.Malformed malformed -> Optional.empty();
            case BearerHeader.Read.Absent absent ->
                offered.contains(SUBPROTOCOL)
                        ? offered.stream()
                                .filter(p -> p.startsWith(BEARER_PREFIX))
                                .map(p -> p.substring(BEARER_PREFIX.length()))
                                .findFirst()
                        : Optional.empty();
        };
    }

    /** A close code and reason decided before the socket opened, told the client right after it opens. */
    record Refusal(int code, String reason) {}

    private Optional<Refusal> refusal(String origin, Fields query) {
        if (!settings.allows(origin)) return Optional.of(new Refusal(1008, "origin not allowed"));
        boolean tokenInUrl = query.stream()
                .anyMatch(f -> f.getName().toLowerCase(Locale.ROOT).contains("token")
                        || f.getValues().stream().anyMatch(v -> v.startsWith("hm_")));
        if (tokenInUrl) return Optional.of(new Refusal(4001, "tokens in the URL are not accepted"));
        return Optional.empty();
    }

    /** Empty without {@code since}; an empty seq inside for one that is not 0..2^53-1, or given twice. */
    static Optional<OptionalLong> since(List<String> values) {
        if (values == null || values.isEmpty()) return Optional.empty();
        if (values.size() > 1) return Optional.of(OptionalLong.empty());
        return since(values.getFirst());
    }

    static Optional<OptionalLong> since(String raw) {
        if (raw == null) return Optional.empty();
        try {
            long seq = Long.parseLong(raw.strip());
            if (seq < 0 || seq > HistoryQuery.MAX_SEQ) return Optional.of(OptionalLong.empty());
            return Optional.of(OptionalLong.of(seq));
        } catch (NumberFormatException e) {
            return Optional.of(OptionalLong.empty());
        }
    }
}
