package io.huddle.application;

import io.huddle.application.auth.Authenticate;
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
import io.huddle.application.message.SearchMessages;
import io.huddle.application.message.SendMessage;
import io.huddle.application.realtime.CheckSocket;
import io.huddle.application.realtime.CloseSocket;
import io.huddle.application.realtime.FanOut;
import io.huddle.application.realtime.OpenSocket;
import io.huddle.application.realtime.ReadWelcome;
import io.huddle.application.realtime.Scheduler;
import io.huddle.application.realtime.TypingSignals;
import io.huddle.application.session.CreateSession;
import io.huddle.application.session.EndSession;
import io.huddle.application.session.GetSession;
import io.huddle.application.session.JoinSession;
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
        OpenSocket openSocket,
        ReadWelcome readWelcome,
        CheckSocket checkSocket,
        CloseSocket closeSocket,
        FanOut fanOut,
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
            Duration inactivityTimeout,
            Duration memberIdleTimeout,
            Duration retention,
            Batch batch) {
        public Settings {
            Objects.requireNonNull(maxSessionLifetime);
            Objects.requireNonNull(limits);
            Objects.requireNonNull(typingTimeout);
            Objects.requireNonNull(gapWait);
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
                    FanOut.GAP_WAIT,
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
        var random = new SecureRandom();
        var live = new LiveSessions(ports.sessions(), ports.sessionCache(), clock);
        var access = new SessionAccess(live);
        var views = new SessionViews(ports.members(), ports.presence(), clock);
        var history = new MessageHistory(ports.messages(), ports.recentMessages());
        var authenticate = new Authenticate(ports.members(), ports.userTokens());
        var end = new EndSession(
                ports.sessions(),
                ports.sessionCache(),
                ports.members(),
                ports.presence(),
                ports.state(),
                ports.recentMessages(),
                ports.events(),
                clock);
        var batch = settings.batch();
        return new UseCases(
                authenticate,
                new CheckLimits(new LimitPolicy(settings.limits()), ports.limiter()),
                new CreateSession(
                        ports.sessions(),
                        ports.sessionCache(),
                        ports.members(),
                        clock,
                        random,
                        new CreateSession.Settings(settings.maxSessionLifetime(), settings.codeLength())),
                new ListSessions(ports.sessions(), views, clock),
                new GetSession(access, views),
                new TerminateSession(access, end),
                end,
                new JoinSession(live, ports.members(), views, ports.events(), clock, random),
                new ListMembers(access, ports.members(), ports.presence()),
                new RemoveMember(access, ports.members(), ports.events()),
                new SendMessage(
                        access,
                        ports.messages(),
                        ports.recentMessages(),
                        ports.sessionCache(),
                        ports.events(),
                        clock,
                        random),
                new GetHistory(access, history),
                new SearchMessages(access, ports.messages()),
                new GetMessageStats(access, ports.messages()),
                new ClearHistory(access, ports.messages(), ports.recentMessages()),
                new GetState(access, ports.state()),
                new UpdateState(access, ports.state(), ports.sessionCache(), ports.events(), clock),
                new OpenSocket(
                        authenticate,
                        live,
                        ports.members(),
                        ports.presence(),
                        ports.events(),
                        clock,
                        settings.maxSocketsPerMember()),
                new ReadWelcome(ports.members(), ports.presence(), history, ports.recentMessages(), ports.state()),
                new CheckSocket(authenticate, ports.members(), ports.sessions(), clock),
                new CloseSocket(ports.members(), ports.presence(), ports.events()),
                new FanOut(ports.events(), history, views, ports.sessions(), scheduler, clock, settings.gapWait()),
                new TypingSignals(ports.events(), scheduler, settings.typingTimeout()),
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
                        ports.presence(), ports.instances(), ports.members(), ports.events(), batch.size()),
                new PurgeEndedSessions(ports.sessions(), clock, settings.retention(), batch));
    }
}
