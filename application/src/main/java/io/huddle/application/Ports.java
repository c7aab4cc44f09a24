package io.huddle.application;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.presence.InstanceRegistry;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.SessionCache;
import io.huddle.domain.session.SessionStore;
import io.huddle.domain.session.UserTokens;
import io.huddle.domain.state.StateStore;
import java.util.Objects;

/** Every port a process runs its use cases on, whichever stores implement them. */
public record Ports(
        SessionStore sessions,
        SessionCache sessionCache,
        MemberStore members,
        PresenceStore presence,
        EventBus events,
        StateStore state,
        MessageLog messages,
        RecentMessages recentMessages,
        RateLimiter limiter,
        InstanceRegistry instances,
        UserTokens userTokens) {
    public Ports {
        Objects.requireNonNull(sessions);
        Objects.requireNonNull(sessionCache);
        Objects.requireNonNull(members);
        Objects.requireNonNull(presence);
        Objects.requireNonNull(events);
        Objects.requireNonNull(state);
        Objects.requireNonNull(messages);
        Objects.requireNonNull(recentMessages);
        Objects.requireNonNull(limiter);
        Objects.requireNonNull(instances);
        Objects.requireNonNull(userTokens);
    }

    /** The same ports verifying user tokens with {@code tokens} (the gateway's JWT settings). */
    public Ports withUserTokens(UserTokens tokens) {
        return new Ports(
                sessions,
                sessionCache,
                members,
                presence,
                events,
                state,
                messages,
                recentMessages,
                limiter,
                instances,
                tokens);
    }

    /** The same ports with another message log (tests: one that fails on purpose). */
    public Ports withMessages(MessageLog log) {
        return new Ports(
                sessions,
                sessionCache,
                members,
                presence,
                events,
                state,
                log,
                recentMessages,
                limiter,
                instances,
                userTokens);
    }

    /** The same ports with another session store (tests: one that fails on purpose). */
    public Ports withSessions(SessionStore store) {
        return new Ports(
                store,
                sessionCache,
                members,
                presence,
                events,
                state,
                messages,
                recentMessages,
                limiter,
                instances,
                userTokens);
    }

    /** The same ports with another event bus (tests: one that records what is published). */
    public Ports withEvents(EventBus bus) {
        return new Ports(
                sessions,
                sessionCache,
                members,
                presence,
                bus,
                state,
                messages,
                recentMessages,
                limiter,
                instances,
                userTokens);
    }

    /** The same ports with another rate limiter. */
    public Ports withLimiter(RateLimiter rateLimiter) {
        return new Ports(
                sessions,
                sessionCache,
                members,
                presence,
                events,
                state,
                messages,
                recentMessages,
                rateLimiter,
                instances,
                userTokens);
    }
}
