package io.huddle.gateway;

import io.huddle.adapters.web.HttpRoutes;
import io.huddle.adapters.web.auth.JwtUserTokens;
import io.huddle.adapters.web.limit.ClientIps;
import io.huddle.adapters.web.limit.RequestLimits;
import io.huddle.adapters.web.message.MessageRoutes;
import io.huddle.adapters.web.session.SessionRoutes;
import io.huddle.adapters.web.state.StateRoutes;
import io.huddle.adapters.web.ws.FrameGate;
import io.huddle.adapters.web.ws.WsRoutes;
import io.huddle.adapters.web.ws.WsSettings;
import io.huddle.application.auth.Authenticate;
import io.huddle.application.limit.LimitPolicy;
import io.huddle.application.message.ClearHistory;
import io.huddle.application.message.GetHistory;
import io.huddle.application.message.GetMessageStats;
import io.huddle.application.message.MessageHistory;
import io.huddle.application.message.SearchMessages;
import io.huddle.application.message.SendMessage;
import io.huddle.application.port.UserTokens;
import io.huddle.application.realtime.CheckSocket;
import io.huddle.application.realtime.CloseSocket;
import io.huddle.application.realtime.FanOut;
import io.huddle.application.realtime.OpenSocket;
import io.huddle.application.realtime.ReadWelcome;
import io.huddle.application.realtime.ThreadScheduler;
import io.huddle.application.realtime.TypingSignals;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.GetSession;
import io.huddle.application.session.JoinSession;
import io.huddle.application.session.ListMembers;
import io.huddle.application.session.ListSessions;
import io.huddle.application.session.LiveSessions;
import io.huddle.application.session.RemoveMember;
import io.huddle.application.session.SessionViews;
import io.huddle.application.session.TerminateSession;
import io.huddle.application.state.GetState;
import io.huddle.application.state.UpdateState;
import io.huddle.runtime.Heartbeat;
import io.huddle.runtime.Infrastructure;
import io.huddle.runtime.Maintenance;
import io.huddle.runtime.Service;
import io.huddle.runtime.settings.MaintenanceSettings;
import io.huddle.runtime.settings.Mode;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Wires the gateway's use cases to the stores and its routes to the use cases, with plain code. */
public final class Gateway {
    private Gateway() {}

    public static Service start(GatewayConfig config, InstantSource clock) {
        var identity = new Service.Identity("huddle-gateway", config.allowedOrigins());
        var heartbeat = new AtomicReference<Heartbeat>();
        var service = Service.start(config.common(), identity, clock, infrastructure -> {
            // Alive in the registry before the server takes its first socket.
            heartbeat.set(Heartbeat.start(
                    infrastructure.instances(), config.common().instanceId(), infrastructure.liveInstances()));
            return routes(config, infrastructure, clock);
        });
        service.stopOnDrain(heartbeat.get());
        if (config.common().mode() == Mode.EMBEDDED) service.stopOnDrain(maintenance(config, service, clock));
        return service;
    }

    /**
     * Embedded mode has no worker process, so the gateway runs the worker's jobs itself, on its
     * in-process stores, with the default intervals. A connected gateway never does: workers do.
     */
    private static Maintenance maintenance(GatewayConfig config, Service service, InstantSource clock) {
        var infrastructure = service.infrastructure();
        var jobs = Maintenance.jobs(
                infrastructure.stores(),
                infrastructure.instances(),
                config.common(),
                MaintenanceSettings.defaults(),
                clock);
        return Maintenance.start(jobs, service.meters(), clock);
    }

    static List<HttpRoutes> routes(GatewayConfig config, Infrastructure infrastructure, InstantSource clock) {
        var stores = infrastructure.stores();
        // Codes and tokens must not be predictable: SecureRandom, never a seeded generator.
        var random = new SecureRandom();
        UserTokens userTokens = config.jwt().<UserTokens>map(JwtUserTokens::new).orElse(token -> Optional.empty());
        var live = new LiveSessions(stores.sessions(), stores.sessionCache(), clock);
        var views = new SessionViews(stores.members(), stores.presence(), clock);
        var end = stores.endSession(clock);
        var creation = new CreateSession.Settings(config.common().maxSessionLifetime(), config.codeLength());
        var authenticate = new Authenticate(stores.members(), userTokens);
        var sessions = new SessionRoutes(
                authenticate,
                new CreateSession(stores.sessions(), stores.sessionCache(), stores.members(), clock, random, creation),
                new ListSessions(stores.sessions(), views, clock),
                new GetSession(live, views),
                new TerminateSession(live, end),
                new JoinSession(live, stores.members(), views, stores.events(), clock, random),
                new ListMembers(live, stores.members(), stores.presence()),
                new RemoveMember(live, stores.members(), stores.events()),
                clock,
                config.authMode() == GatewayConfig.AuthMode.OPEN
                        ? SessionRoutes.Settings.openMode()
                        : SessionRoutes.Settings.jwtMode());

        var messageLog = stores.messages();
        var recentMessages = stores.recentMessages();
        var messages = new MessageRoutes(
                authenticate,
                new SendMessage(
                        live, messageLog, recentMessages, stores.sessionCache(), stores.events(), clock, random),
                new GetHistory(live, new MessageHistory(messageLog, recentMessages)),
                new SearchMessages(live, messageLog),
                new GetMessageStats(live, messageLog),
                new ClearHistory(live, messageLog, recentMessages));
        var state = new StateRoutes(
                authenticate,
                new GetState(live, stores.state()),
                new UpdateState(live, stores.state(), stores.sessionCache(), stores.events(), clock));

        // Rate limits (PROTOCOL.md section 7) come first: checked before any route does its work.
        var limits = new RequestLimits(
                new LimitPolicy(tiers(config.rateLimits())),
                stores.limiter(),
                ClientIps.trusting(config.trustedProxies()),
                userTokens);
        // Real time: /ws on this gateway's fan-out of the session channels (PROTOCOL.md section 5).
        // Socket work runs on virtual threads; one timer thread only keeps time (gaps, typing, heartbeats).
        var scheduler = new ThreadScheduler();
        var history = new MessageHistory(messageLog, recentMessages);
        var realtime = new WsRoutes(
                new WsRoutes.Parts(
                        new OpenSocket(
                                authenticate,
                                live,
                                stores.members(),
                                stores.presence(),
                                stores.events(),
                                clock,
                                config.maxSocketsPerMember()),
                        new ReadWelcome(stores.members(), stores.presence(), history, recentMessages, stores.state()),
                        new CheckSocket(authenticate, stores.members(), stores.sessions(), clock),
                        new CloseSocket(stores.members(), stores.presence(), stores.events()),
                        new FanOut(
                                stores.events(),
                                history,
                                stores.members(),
                                stores.presence(),
                                stores.sessions(),
                                scheduler,
                                clock,
                                FanOut.GAP_WAIT),
                        new SendMessage(
                                live,
                                messageLog,
                                recentMessages,
                                stores.sessionCache(),
                                stores.events(),
                                clock,
                                random),
                        new GetHistory(live, history),
                        new RemoveMember(live, stores.members(), stores.events()),
                        new UpdateState(live, stores.state(), stores.sessionCache(), stores.events(), clock),
                        new TypingSignals(stores.events(), scheduler, TypingSignals.TIMEOUT),
                        scheduler,
                        clock,
                        new WsSettings(
                                config.allowedOrigins(),
                                WsSettings.DEFAULT_HEARTBEAT,
                                config.common().instanceId())),
                FrameGate.limitedBy(limits));

        return List.of(limits, sessions, messages, state, realtime);
    }

    static LimitPolicy.Tiers tiers(GatewayConfig.RateLimits limits) {
        return new LimitPolicy.Tiers(
                limits.message(),
                limits.messageIp(),
                limits.burst(),
                limits.connect(),
                limits.join(),
                limits.joinFail(),
                limits.api(),
                limits.strict());
    }
}
