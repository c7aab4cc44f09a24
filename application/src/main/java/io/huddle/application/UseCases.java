package io.huddle.application;

import io.huddle.application.auth.Authenticate;
import io.huddle.application.concurrency.Scheduler;
import io.huddle.application.limit.CheckLimits;
import io.huddle.application.maintenance.Batch;
import io.huddle.application.maintenance.ClearGhostPresence;
import io.huddle.application.maintenance.EndInactiveSessions;
import io.huddle.application.maintenance.ExpireSessions;
import io.huddle.application.maintenance.PurgeEndedSessions;
import io.huddle.application.maintenance.RemoveIdleMembers;
import io.huddle.application.message.ClearHistory;
import io.huddle.application.message.GetHistory;
import io.huddle.application.message.GetMessageStats;
import io.huddle.application.message.MessageHistory;
import io.huddle.application.message.MessageWriter;
import io.huddle.application.message.SearchMessages;
import io.huddle.application.message.SendMessage;
import io.huddle.application.realtime.CheckSocket;
import io.huddle.application.realtime.CloseSocket;
import io.huddle.application.realtime.ConnectionStream;
import io.huddle.application.realtime.Connections;
import io.huddle.application.realtime.Feeds;
import io.huddle.application.realtime.OpenSocket;
import io.huddle.application.realtime.ReadWelcome;
import io.huddle.application.realtime.RealtimeMeters;
import io.huddle.application.realtime.TypingSignals;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.EndSession;
import io.huddle.application.session.GetSession;
import io.huddle.application.session.JoinSession;
import io.huddle.application.session.ListLiveSessions;
import io.huddle.application.session.ListMembers;
import io.huddle.application.session.ListSessions;
import io.huddle.application.session.LiveSessions;
import io.huddle.application.session.RemoveMember;
import io.huddle.application.session.SessionAccess;
import io.huddle.application.session.SessionViews;
import io.huddle.application.session.TerminateSession;
import io.huddle.application.state.GetState;
import io.huddle.application.state.UpdateState;
import io.huddle.domain.limit.LimitPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Every use case of Huddle, each built once from the ports: the one wiring that both apps, every test
 * fixture and the bench use, so a new dependency of a use case is added in this file only and the
 * fixtures test the wiring that runs in production.
 */
public record UseCases(
        Authenticate authenticate,
        CheckLimits limits,
        CreateSession createSession,
        ListSessions listSessions,
        ListLiveSessions listLiveSessions,
        GetSession getSession,
        TerminateSession terminateSession,
        EndSession endSession,
        JoinSession joinSession,
        ListMembers listMembers,
        RemoveMember removeMember,
        SendMessage sendMessage,
        GetHistory getHistory,
        SearchMessages searchMessages,
        GetMessageStats messageStats,
        ClearHistory clearHistory,
        GetState getState,
        UpdateState updateState,
        Connections connections,
        Feeds feeds,
        TypingSignals typing,
        ExpireSessions expireSessions,
        EndInactiveSessions endInactiveSessions,
        RemoveIdleMembers removeIdleMembers,
        ClearGhostPresence clearGhostPresence,
        PurgeEndedSessions purgeEndedSessions) {

    /** What the use cases are configured with (PROTOCOL.md section 9 and the worker's settings). */
    public record Settings(
            Duration maxSessionLifetime,
            int codeLength,
            int maxSocketsPerMember,
            LimitPolicy.Tiers limits,
            Duration typingTimeout,
            Duration gapWait,
            Duration heartbeat,
            Duration tickEvery,
            String instanceId,
            Duration inactivityTimeout,
            Duration memberIdleTimeout,
            Duration retention,
            Batch batch) {
        /** PROTOCOL.md section 5: the server pings every 25 s. */
        public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(25);

        public Settings {
            Objects.requireNonNull(maxSessionLifetime);
            Objects.requireNonNull(limits);
            Objects.requireNonNull(typingTimeout);
            Objects.requireNonNull(gapWait);
            Objects.requireNonNull(heartbeat);
            Objects.requireNonNull(tickEvery);
            Objects.requireNonNull(instanceId);
            Objects.requireNonNull(inactivityTimeout);
            Objects.requireNonNull(memberIdleTimeout);
            Objects.requireNonNull(retention);
            Objects.requireNonNull(batch);
        }

        /** PROTOCOL.md's defaults, every rate limit off. */
        public static Settings defaults() {
            return new Settings(
                    Duration.ofHours(24),
                    6,
                    5,
                    LimitPolicy.Tiers.off(),
                    TypingSignals.TIMEOUT,
                    Feeds.GAP_WAIT,
                    DEFAULT_HEARTBEAT,
                    Duration.ofSeconds(1),
                    "local",
                    Duration.ofMinutes(15),
                    Duration.ofMinutes(30),
                    Duration.ofDays(30),
                    new Batch(500, Duration.ofSeconds(30)));
        }

        public Settings withLimits(LimitPolicy.Tiers tiers) {
            return new Settings(
                    maxSessionLifetime,
                    codeLength,
                    maxSocketsPerMember,
                    tiers,
                    typingTimeout,
                    gapWait,
                    heartbeat,
                    tickEvery,
                    instanceId,
                    inactivityTimeout,
                    memberIdleTimeout,
                    retention,
                    batch);
        }

        public Settings withMaxSocketsPerMember(int max) {
            return new Settings(
                    maxSessionLifetime,
                    codeLength,
                    max,
                    limits,
                    typingTimeout,
                    gapWait,
                    heartbeat,
                    tickEvery,
                    instanceId,
                    inactivityTimeout,
                    memberIdleTimeout,
                    retention,
                    batch);
        }

        public Settings withCodeLength(int length) {
            return new Settings(
                    maxSessionLifetime,
                    length,
                    maxSocketsPerMember,
                    limits,
                    typingTimeout,
                    gapWait,
                    heartbeat,
                    tickEvery,
                    instanceId,
                    inactivityTimeout,
                    memberIdleTimeout,
                    retention,
                    batch);
        }

        /** The heartbeat, how often its clock ticks, and the name this gateway's sockets are registered under. */
        public Settings withRealtime(Duration heartbeatEvery, Duration tick, String instance) {
            return new Settings(
                    maxSessionLifetime,
                    codeLength,
                    maxSocketsPerMember,
                    limits,
                    typingTimeout,
                    gapWait,
                    heartbeatEvery,
                    tick,
                    instance,
                    inactivityTimeout,
                    memberIdleTimeout,
                    retention,
                    batch);
        }

        public Settings withTypingTimeout(Duration timeout) {
            return new Settings(
                    maxSessionLifetime,
                    codeLength,
                    maxSocketsPerMember,
                    limits,
                    timeout,
                    gapWait,
                    heartbeat,
                    tickEvery,
                    instanceId,
                    inactivityTimeout,
                    memberIdleTimeout,
                    retention,
                    batch);
        }
    }

    /**
     * Builds every use case on {@code ports}. {@code scheduler} runs the real-time work off the callers'
     * threads (gap fills, typing timers). Codes, ids and tokens come from a {@link SecureRandom}, never a
     * seeded generator: they must not be predictable.
     */
    public static UseCases wire(Ports ports, Settings settings, InstantSource clock, Scheduler scheduler) {
        return wire(ports, settings, clock, scheduler, RealtimeMeters.NONE);
    }

    /** As {@link #wire(Ports, Settings, InstantSource, Scheduler)}, counting the real-time path in {@code meters}. */
    public static UseCases wire(
            Ports ports, Settings settings, InstantSource clock, Scheduler scheduler, RealtimeMeters meters) {
        return wire(ports, settings, clock, clock, scheduler, meters);
    }

    /**
     * As {@link #wire(Ports, Settings, InstantSource, Scheduler, RealtimeMeters)}, the sockets' liveness timed by
     * {@code ticker}, a clock that only moves forward ({@link io.huddle.application.concurrency.MonotonicClock}):
     * a step of the wall clock must not close every socket at once, nor stop the pings.
     */
    public static UseCases wire(
            Ports ports,
            Settings settings,
            InstantSource clock,
            InstantSource ticker,
            Scheduler scheduler,
            RealtimeMeters meters) {
        var random = new SecureRandom();
        var live = new LiveSessions(ports.sessions(), ports.sessionCache(), clock);
        var access = new SessionAccess(live);
        var views = new SessionViews(ports.members(), ports.presence(), ports.sessionCache(), clock);
        var history = new MessageHistory(ports.messages(), ports.recentMessages());
        var authenticate = new Authenticate(ports.members(), ports.userTokens(), ports.serverKeys());
        var end = new EndSession(
                ports.sessions(),
                live,
                ports.members(),
                ports.presence(),
                ports.state(),
                ports.recentMessages(),
                ports.events(),
                clock);
        var batch = settings.batch();
        var limits = new CheckLimits(new LimitPolicy(settings.limits()), ports.limiter());
        var writer = new MessageWriter(ports.messages(), ports.limiter(), ports.relay(), scheduler);
        var send = new SendMessage(access, limits, writer, clock, random);
        var feeds = new Feeds(
                ports.events(),
                history,
                ports.sessions(),
                live,
                ports.members(),
                ports.presence(),
                ports.state(),
                scheduler,
                clock,
                ticker,
                settings.gapWait(),
                settings.heartbeat(),
                settings.tickEvery(),
                TypingSignals.silenceAfter(settings.typingTimeout()),
                meters);
        writer.deliverLocallyTo(feeds::stored);
        var remove = new RemoveMember(access, ports.members(), views, ports.events());
        var updateState = new UpdateState(access, ports.state(), ports.sessionCache(), ports.events(), clock);
        var getHistory = new GetHistory(access, history);
        var typing = new TypingSignals(ports.events(), scheduler, settings.typingTimeout());
        var streams = new ConnectionStream.Parts(
                send,
                updateState,
                getHistory,
                remove,
                typing,
                limits,
                new CheckSocket(authenticate, ports.sessions(), clock),
                new CloseSocket(ports.members(), ports.presence(), views, ports.events()),
                scheduler,
                clock,
                ticker,
                settings.heartbeat(),
                meters);
        var connections = new Connections(
                new OpenSocket(
                        authenticate, live, ports.members(), ports.presence(), clock, settings.maxSocketsPerMember()),
                new ReadWelcome(
                        ports.members(), ports.presence(), history, ports.recentMessages(), ports.state(), scheduler),
                feeds,
                ports.events(),
                streams,
                settings.instanceId(),
                scheduler.alongside());
        return new UseCases(
                authenticate,
                limits,
                new CreateSession(
                        ports.sessions(),
                        ports.sessionCache(),
                        ports.members(),
                        clock,
                        random,
                        new CreateSession.Settings(settings.maxSessionLifetime(), settings.codeLength())),
                new ListSessions(ports.sessions(), views, clock),
                new ListLiveSessions(ports.sessions(), views, clock),
                new GetSession(access, views),
                new TerminateSession(access, end),
                end,
                new JoinSession(live, ports.members(), views, ports.events(), scheduler, clock, random),
                new ListMembers(access, ports.members(), ports.presence()),
                remove,
                send,
                getHistory,
                new SearchMessages(access, ports.messages()),
                new GetMessageStats(access, ports.messages()),
                new ClearHistory(access, ports.messages(), ports.recentMessages()),
                new GetState(access, ports.state()),
                updateState,
                connections,
                feeds,
                typing,
                new ExpireSessions(ports.sessions(), end, clock, batch),
                new EndInactiveSessions(
                        ports.sessions(),
                        ports.sessionCache(),
                        ports.presence(),
                        end,
                        clock,
                        settings.inactivityTimeout(),
                        batch),
                new RemoveIdleMembers(
                        ports.members(),
                        ports.presence(),
                        ports.events(),
                        clock,
                        settings.memberIdleTimeout(),
                        batch.size()),
                new ClearGhostPresence(
                        ports.presence(), ports.instances(), ports.members(), ports.events(), clock, batch.size()),
                new PurgeEndedSessions(ports.sessions(), clock, settings.retention(), batch));
    }
}
