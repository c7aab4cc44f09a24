package io.huddle.application;

import io.huddle.domain.event.EventBus;
import io.huddle.domain.limit.RateLimiter;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.message.MessageLog;
import io.huddle.domain.message.MessageRelay;
import io.huddle.domain.message.RecentMessages;
import io.huddle.domain.presence.InstanceRegistry;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.server.ServerKeys;
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
        MessageRelay relay,
        RateLimiter limiter,
        InstanceRegistry instances,
        UserTokens userTokens,
        ServerKeys serverKeys) {
    /** The ports with no server key (a process without {@code HUDDLE_SERVER_KEYS}). */
    public Ports(
            SessionStore sessions,
            SessionCache sessionCache,
            MemberStore members,
            PresenceStore presence,
            EventBus events,
            StateStore state,
            MessageLog messages,
            RecentMessages recentMessages,
            MessageRelay relay,
            RateLimiter limiter,
            InstanceRegistry instances,
            UserTokens userTokens) {
        this(
                sessions,
                sessionCache,
                members,
                presence,
                events,
                state,
                messages,
                recentMessages,
                relay,
                limiter,
                instances,
                userTokens,
                ServerKeys.NONE);
    }

    public Ports {
        Objects.requireNonNull(sessions);
        Objects.requireNonNull(sessionCache);
        Objects.requireNonNull(members);
        Objects.requireNonNull(presence);
        Objects.requireNonNull(events);
        Objects.requireNonNull(state);
        Objects.requireNonNull(messages);
        Objects.requireNonNull(recentMessages);
        Objects.requireNonNull(relay);
        Objects.requireNonNull(limiter);
        Objects.requireNonNull(instances);
        Objects.requireNonNull(userTokens);
        Objects.requireNonNull(serverKeys);
    }

    /** A copy to change one port of. */
    public Builder with() {
        return new Builder(this);
    }

    /** The same ports verifying user tokens with {@code tokens} (the gateway's JWT settings). */
    public Ports withUserTokens(UserTokens tokens) {
        return with().userTokens(tokens).build();
    }

    /** The same ports verifying server keys with {@code keys} ({@code HUDDLE_SERVER_KEYS}). */
    public Ports withServerKeys(ServerKeys keys) {
        return with().serverKeys(keys).build();
    }

    /** Changes ports one at a time: {@code ports.with().messages(flaky).build()}. */
    public static final class Builder {
        private SessionStore sessions;
        private SessionCache sessionCache;
        private MemberStore members;
        private PresenceStore presence;
        private EventBus events;
        private StateStore state;
        private MessageLog messages;
        private RecentMessages recentMessages;
        private MessageRelay relay;
        private RateLimiter limiter;
        private InstanceRegistry instances;
        private UserTokens userTokens;
        private ServerKeys serverKeys;

        private Builder(Ports from) {
            sessions = from.sessions;
            sessionCache = from.sessionCache;
            members = from.members;
            presence = from.presence;
            events = from.events;
            state = from.state;
            messages = from.messages;
            recentMessages = from.recentMessages;
            relay = from.relay;
            limiter = from.limiter;
            instances = from.instances;
            userTokens = from.userTokens;
            serverKeys = from.serverKeys;
        }

        public Builder sessions(SessionStore store) {
            sessions = store;
            return this;
        }

        public Builder members(MemberStore store) {
            members = store;
            return this;
        }

        public Builder events(EventBus bus) {
            events = bus;
            return this;
        }

        public Builder messages(MessageLog log) {
            messages = log;
            return this;
        }

        public Builder relay(MessageRelay messageRelay) {
            relay = messageRelay;
            return this;
        }

        public Builder limiter(RateLimiter rateLimiter) {
            limiter = rateLimiter;
            return this;
        }

        public Builder userTokens(UserTokens tokens) {
            userTokens = tokens;
            return this;
        }

        public Builder serverKeys(ServerKeys keys) {
            serverKeys = keys;
            return this;
        }

        public Ports build() {
            return new Ports(
                    sessions,
                    sessionCache,
                    members,
                    presence,
                    events,
                    state,
                    messages,
                    recentMessages,
                    relay,
                    limiter,
                    instances,
                    userTokens,
                    serverKeys);
        }
    }
}
