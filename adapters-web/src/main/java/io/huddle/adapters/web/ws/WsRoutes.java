package io.huddle.adapters.web.ws;

import io.huddle.adapters.web.ErrorCode;
import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.Problem;
import io.huddle.adapters.web.ProblemException;
import io.huddle.adapters.web.auth.BearerHeader;
import io.huddle.adapters.web.limit.RequestLimits;
import io.huddle.application.realtime.ConnectionStream;
import io.huddle.application.realtime.Connections;
import io.huddle.application.realtime.RealtimeMeters;
import io.huddle.domain.message.HistoryQuery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ws}, PROTOCOL.md section 5. Before the upgrade: the connect limit ({@code 429}), the
 * credential (the {@code Authorization} header, or the {@code bearer.<token>} subprotocol next to
 * {@code huddle.v1}, which is then the one selected; never the URL), {@code ?since}. After it: the
 * origin ({@code 1008}) and the token ({@code 4001}) are judged, so browsers see why, then each socket
 * lives in a {@link Socket} that hands its frames to the application's connection stream. Text messages
 * over 64 KiB are closed by Jetty with {@code 1009}.
 */
public final class WsRoutes implements HttpRoutes {
    static final String PATH = "/ws";
    static final String SUBPROTOCOL = "huddle.v1";
    private static final String BEARER_PREFIX = "bearer.";
    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    private static final Logger log = LoggerFactory.getLogger(WsRoutes.class);

    private static final String ATTR_BEARER = "huddle.ws.bearer";
    private static final String ATTR_SINCE = "huddle.ws.since";
    private static final String ATTR_CLIENT_IP = "huddle.ws.clientIp";
    private static final String ATTR_REFUSAL = "huddle.ws.refusal";

    private final Connections connections;
    private final RequestLimits limits;
    private final WsSettings settings;
    private final RealtimeMeters meters;
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();

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
        routes.wsBeforeUpgrade(PATH, this::beforeUpgrade);
        routes.ws(PATH, ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::message);
            ws.onBinaryMessage(ctx -> ctx.closeSession(1003, "text frames only"));
            ws.onClose(this::closed);
            ws.onError(this::failed);
        });
    }

    @Override
    public void configureWebSockets(JettyWebSocketServletFactory factory) {
        factory.setMaxTextMessageSize(WsSettings.MAX_TEXT_BYTES);
        factory.setMaxBinaryMessageSize(WsSettings.MAX_TEXT_BYTES);
        // A backstop only: the heartbeat closes silent clients, since pings keep Jetty's timer from firing.
        factory.setIdleTimeout(settings.heartbeat().multipliedBy(ConnectionStream.MISSED_HEARTBEATS + 2));
    }

    /**
     * Closes every socket with {@code 1001} (reconnect elsewhere, with since) and unregisters it, waiting
     * for that at least a second and at most five, so presence is right before the stores close.
     */
    @Override
    public void stopping(Duration grace) {
        sockets.values().forEach(Socket::shutDown);
        var bound = grace.compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1)
                : grace.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : grace;
        long deadline = System.nanoTime() + bound.toNanos();
        while (!sockets.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!sockets.isEmpty()) log.warn("{} sockets were still closing when the gateway stopped", sockets.size());
    }

    /** {@code GET /ws} without a WebSocket upgrade: {@code 426}, naming the upgrade it needs. */
    private static void upgradeRequired(Context ctx) {
        ctx.header("Upgrade", "websocket");
        ctx.header("Connection", "Upgrade");
        throw new ProblemException(Problem.of(
                ErrorCode.UPGRADE_REQUIRED, "This is a WebSocket endpoint: connect with a WebSocket client."));
    }

    private void beforeUpgrade(Context ctx) {
        // The connect tier, keyed by the client's address: a refusal is the 429 problem, before any socket opens.
        limits.guardUpgrade(ctx);
        ctx.attribute(ATTR_CLIENT_IP, limits.clientIp(ctx));
        var offered = offeredProtocols(ctx.req().getHeaders(PROTOCOL_HEADER));
        // Javalin echoes the first offered protocol, which may be the bearer token itself: never that.
        ctx.res().setHeader(PROTOCOL_HEADER, offered.contains(SUBPROTOCOL) ? SUBPROTOCOL : null);
        var bearer = switch (BearerHeader.read(ctx.header("Authorization"))) {
            case BearerHeader.Read.Credential(var value) -> Optional.of(value);
            case BearerHeader.Read.Malformed malformed -> Optional.<String>empty();
            case BearerHeader.Read.Absent absent ->
                offered.contains(SUBPROTOCOL)
                        ? offered.stream()
                                .filter(p -> p.startsWith(BEARER_PREFIX))
                                .map(p -> p.substring(BEARER_PREFIX.length()))
                                .findFirst()
                        : Optional.<String>empty();
        };
        ctx.attribute(ATTR_BEARER, bearer);
        ctx.attribute(ATTR_SINCE, since(ctx.queryParam("since")));
        refusal(ctx).ifPresent(refusal -> ctx.attribute(ATTR_REFUSAL, refusal));
    }

    /** A close code and reason decided before the socket opened, told the client right after it opens. */
    private record Refusal(int code, String reason) {}

    private Optional<Refusal> refusal(Context ctx) {
        if (!settings.allows(ctx.header("Origin"))) return Optional.of(new Refusal(1008, "origin not allowed"));
        boolean tokenInUrl = ctx.queryParamMap().entrySet().stream()
                .anyMatch(e -> e.getKey().toLowerCase(Locale.ROOT).contains("token")
                        || e.getValue().stream().anyMatch(v -> v.startsWith("hm_")));
        if (tokenInUrl) return Optional.of(new Refusal(4001, "tokens in the URL are not accepted"));
        return Optional.empty();
    }

    private void connected(WsConnectContext ctx) {
        Refusal refusal = ctx.attribute(ATTR_REFUSAL);
        if (refusal != null) {
            ctx.closeSession(refusal.code(), refusal.reason());
            return;
        }
        Optional<String> bearer = ctx.attribute(ATTR_BEARER);
        Optional<OptionalLong> since = ctx.attribute(ATTR_SINCE);
        String clientIp = ctx.attribute(ATTR_CLIENT_IP);
        String key = ctx.sessionId();
        var socket = new Socket(ctx.session, meters, () -> sockets.remove(key));
        sockets.put(key, socket);
        socket.open(
                connections,
                new Connections.Request(
                        bearer == null ? Optional.empty() : bearer,
                        since == null ? Optional.empty() : since,
                        clientIp,
                        UUID.randomUUID().toString()));
    }

    private void message(WsMessageContext ctx) {
        var socket = sockets.get(ctx.sessionId());
        if (socket != null) socket.received(ctx.message());
    }

    private void closed(WsCloseContext ctx) {
        var socket = sockets.get(ctx.sessionId());
        if (socket != null) socket.closed();
    }

    private void failed(WsErrorContext ctx) {
        if (ctx.error() instanceof MessageTooLargeException) return; // Jetty closes with 1009 itself.
        log.debug("WebSocket error", ctx.error());
    }

    /** Every protocol offered, across repeated headers and comma-separated lists. */
    static List<String> offeredProtocols(java.util.Enumeration<String> headers) {
        List<String> offered = new ArrayList<>();
        if (headers == null) return offered;
        while (headers.hasMoreElements()) {
            for (var part : headers.nextElement().split(",")) {
                var protocol = part.trim();
                if (!protocol.isEmpty()) offered.add(protocol);
            }
        }
        return offered;
    }

    /** Empty without {@code since}; an empty seq inside for one that is not 0..2^53-1. */
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
