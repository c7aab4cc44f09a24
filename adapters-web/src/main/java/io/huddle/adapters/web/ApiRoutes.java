package io.huddle.adapters.web;

import io.huddle.adapters.web.limit.ClientIps;
import io.huddle.adapters.web.limit.RequestLimits;
import io.huddle.adapters.web.message.MessageRoutes;
import io.huddle.adapters.web.session.ServerRoutes;
import io.huddle.adapters.web.session.SessionRoutes;
import io.huddle.adapters.web.state.StateRoutes;
import io.huddle.adapters.web.ws.WsRoutes;
import io.huddle.adapters.web.ws.WsSettings;
import io.huddle.application.UseCases;
import io.huddle.application.realtime.RealtimeMeters;
import io.huddle.domain.server.ServerKeys;
import io.huddle.domain.session.UserTokens;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's feature routes (PROTOCOL.md sections 4, 5 and 7) on its use cases: the one place the web
 * edge is built, for the gateway and for every test that serves HTTP. Rate limits come first, so they are
 * checked before any route does its work.
 */
public record ApiRoutes(
        RequestLimits limits,
        SessionRoutes sessions,
        MessageRoutes messages,
        StateRoutes state,
        WsRoutes realtime,
        ServerRoutes server) {

    /**
     * @param openCreation open mode: sessions are created without a user token
     * @param trustedProxies CIDRs whose {@code X-Forwarded-For} names the client ({@code HUDDLE_TRUSTED_PROXIES})
     */
    public record Settings(boolean openCreation, List<String> trustedProxies, WsSettings ws) {
        public Settings {
            trustedProxies = List.copyOf(trustedProxies);
            Objects.requireNonNull(ws);
        }
    }

    /** Every route module, in the order they must run: the limits first. */
    public List<HttpRoutes> all() {
        return List.of(limits, sessions, messages, state, realtime, server);
    }

    /** The routes on {@code useCases}, with no server key; {@code userTokens} keys the {@code strict} tier by user. */
    public static ApiRoutes of(
            UseCases useCases, UserTokens userTokens, RealtimeMeters meters, InstantSource clock, Settings settings) {
        return of(useCases, userTokens, ServerKeys.NONE, meters, clock, settings);
    }

    /**
     * The routes on {@code useCases}; {@code userTokens} keys the {@code strict} tier by user,
     * {@code serverKeys} the {@code server} tier by key (give both the same verifiers as the use cases' ports).
     */
    public static ApiRoutes of(
            UseCases useCases,
            UserTokens userTokens,
            ServerKeys serverKeys,
            RealtimeMeters meters,
            InstantSource clock,
            Settings settings) {
        var authenticate = useCases.authenticate();
        var limits = new RequestLimits(
                useCases.limits(), ClientIps.trusting(settings.trustedProxies()), userTokens, serverKeys);
        var sessions = new SessionRoutes(
                authenticate,
                useCases.createSession(),
                useCases.listSessions(),
                useCases.getSession(),
                useCases.terminateSession(),
                useCases.joinSession(),
                useCases.listMembers(),
                useCases.removeMember(),
                clock,
                settings.openCreation() ? SessionRoutes.Settings.openMode() : SessionRoutes.Settings.jwtMode(),
                limits::guardJoin);
        var messages = new MessageRoutes(
                authenticate,
                useCases.sendMessage(),
                useCases.getHistory(),
                useCases.searchMessages(),
                useCases.messageStats(),
                useCases.clearHistory());
        var state = new StateRoutes(authenticate, useCases.getState(), useCases.updateState());
        var realtime = new WsRoutes(useCases.connections(), limits, settings.ws(), meters);
        var server = new ServerRoutes(
                authenticate,
                useCases.createSession(),
                useCases.listLiveSessions(),
                useCases.getSession(),
                useCases.terminateSession(),
                useCases.listMembers(),
                useCases.removeMember(),
                useCases.sendMessage(),
                clock);
        return new ApiRoutes(limits, sessions, messages, state, realtime, server);
    }
}
