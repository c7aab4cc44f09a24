package io.huddle.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.application.contract.TestSessions;
import io.huddle.application.memory.InMemoryMemberStore;
import io.huddle.application.session.SessionView;
import io.huddle.application.session.SessionViews;
import io.huddle.domain.StoreUnavailable;
import io.huddle.domain.member.Role;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.EndReason;
import io.huddle.domain.session.Ending;
import io.huddle.domain.session.SessionCache;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A page of a session list while Redis is away: the page's batched reads of hot copies and counts miss, and each
 * live session is counted from its roster (PostgreSQL's) and this gateway's own sockets, as a single read is.
 */
class ListWhileRedisIsAwayTest {
    private final InstantSource clock = InstantSource.system();
    private final HotCopyRepairs repairs = new HotCopyRepairs(Duration.ofMillis(10));

    @AfterEach
    void stop() {
        repairs.close();
    }

    private static <T> T away(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new StoreUnavailable("redis", Duration.ofSeconds(1));
        }));
    }

    @Test
    void each_live_session_is_counted_from_its_roster_and_this_gateways_sockets() {
        var members = new InMemoryMemberStore(clock);
        var presence = new FallbackPresenceStore(away(PresenceStore.class), "gw-1", repairs);
        var views =
                new SessionViews(members, presence, new TolerantSessionCache(away(SessionCache.class), repairs), clock);
        var busy = TestSessions.session(clock.instant());
        var quiet = TestSessions.session(clock.instant());
        var ended = TestSessions.session(clock.instant()).ended(new Ending(clock.instant(), EndReason.OWNER));
        var alice = TestSessions.member("Alice", Role.OWNER, clock.instant());
        members.join(busy, alice, TestSessions.token().hash());
        members.join(
                busy,
                TestSessions.member("Bob", Role.MEMBER, clock.instant()),
                TestSessions.token().hash());
        members.join(
                quiet,
                TestSessions.member("Carol", Role.OWNER, clock.instant()),
                TestSessions.token().hash());
        presence.socketOpened(busy, alice.id(), "s-alice", "gw-1");

        var listed = views.listed(List.of(busy, quiet, ended));

        assertThat(listed)
                .extracting(SessionView::headcount)
                .containsExactly(new Headcount(1, 2), new Headcount(0, 1), Headcount.NOBODY);
        assertThat(listed).extracting(SessionView::session).containsExactly(busy, quiet, ended);
    }
}
