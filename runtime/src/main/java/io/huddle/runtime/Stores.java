package io.huddle.runtime;

import io.huddle.application.port.EventBus;
import io.huddle.application.port.MemberStore;
import io.huddle.application.port.MessageLog;
import io.huddle.application.port.PresenceStore;
import io.huddle.application.port.RecentMessages;
import io.huddle.application.port.SessionCache;
import io.huddle.application.port.SessionStore;
import io.huddle.application.port.StateStore;

/** The ports a process runs its use cases on, whichever stores implement them. */
public record Stores(
        SessionStore sessions,
        SessionCache sessionCache,
        MemberStore members,
        PresenceStore presence,
        EventBus events,
        StateStore state,
        MessageLog messages,
        RecentMessages recentMessages) {}
