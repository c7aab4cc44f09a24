package io.huddle.application.memory;

import io.huddle.application.Ports;
import io.huddle.domain.session.UserTokens;
import java.time.InstantSource;

/** Every port in process: the embedded mode's stores, and the stores of fast tests. */
public final class InMemoryPorts {
    private InMemoryPorts() {}

    /** Fresh, empty stores; the recent copy keeps {@code recentCapacity} messages per session. */
    public static Ports create(InstantSource clock, int recentCapacity) {
        var sessions = new InMemorySessionStore();
        var events = new InMemoryEventBus();
        var recent = new InMemoryRecentMessages(recentCapacity, clock);
        var cache = new InMemorySessionCache(clock);
        return new Ports(
                sessions,
                cache,
                new InMemoryMemberStore(clock),
                new InMemoryPresenceStore(clock),
                events,
                new InMemoryStateStore(clock),
                // The log records activity in the session store it shares the process with.
                new InMemoryMessageLog(sessions),
                recent,
                new InMemoryMessageRelay(recent, events, cache),
                new InMemoryRateLimiter(clock),
                new InMemoryInstanceRegistry(clock),
                UserTokens.NONE);
    }
}
