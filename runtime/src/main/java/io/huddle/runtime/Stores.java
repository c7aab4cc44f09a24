package io.huddle.runtime;

import io.huddle.application.port.EventBus;
import io.huddle.application.port.MemberStore;
import io.huddle.application.port.MessageLog;
import io.huddle.application.port.PresenceStore;
import io.huddle.application.port.RateLimiter;
import io.huddle.application.port.RecentMessages;
import io.huddle.application.port.SessionCache;
import io.huddle.application.port.SessionStore;
import io.huddle.application.port.StateStore;
import io.huddle.application.session.EndSession;
import io.huddle.domain.session.SessionCode;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;

/** The ports a process runs its use cases on, whichever stores implement them. */
public record Stores(
        SessionStore sessions,
        SessionCache sessionCache,
        MemberStore members,
        PresenceStore presence,
        EventBus events,
        StateStore state,
        MessageLog messages,
        RecentMessages recentMessages,
        RateLimiter limiter) {

    /** The one way sessions end, for the owner's delete and the worker's jobs alike; drops every hot copy. */
    public EndSession endSession(InstantSource clock) {
        return new EndSession(
                sessions,
                sessionCache,
                members,
                presence,
                events,
                clock,
                List.<Consumer<SessionCode>>of(state::clear, recentMessages::clear));
    }
}
