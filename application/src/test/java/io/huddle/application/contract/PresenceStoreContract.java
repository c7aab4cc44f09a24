package io.huddle.application.contract;

import static io.huddle.application.contract.TestSessions.freshOwner;
import static io.huddle.application.contract.TestSessions.member;
import static org.assertj.core.api.Assertions.assertThat;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PresenceStore} promises. Each test works in fresh sessions. */
public abstract class PresenceStoreContract {
    /** The time the store sees; tests move it with {@link #passTime}. */
    protected final TestClock clock = TestClock.startingNow();

    private PresenceStore store;

    /** The store under test, reading the time from {@code clock}; called before each test. */
    protected abstract PresenceStore store(InstantSource clock);

    /**
     * Lets time pass for the store. Override when the store also expires entries by another clock
     * (a server's TTL), to make that clock agree.
     */
    protected void passTime(Duration duration) {
        clock.advance(duration);
    }

    @BeforeEach
    void open_store() {
        store = store(clock);
    }

    private Session session() {
        return TestSessions.session(freshOwner(), clock.instant(), Duration.ofHours(1), 100);
    }

    private MemberId someone() {
        return member("Someone", Role.MEMBER, clock.instant()).id();
    }

    private static String socket() {
        return "socket-" + UUID.randomUUID();
    }

    @Test
    void a_page_of_sessions_is_counted_at_once_as_each_is_counted_alone() {
        var busy = session();
        var quiet = session();
        store.socketOpened(busy, someone(), socket(), "gw-1");
        store.socketOpened(busy, someone(), socket(), "gw-2");
        var codes = List.of(busy.code(), quiet.code(), session().code());

        var alone = new HashMap<SessionCode, Headcount>();
        for (var code : codes) store.headcount(code).ifPresent(count -> alone.put(code, count));

        assertThat(store.headcounts(codes)).isEqualTo(alone);
        assertThat(store.headcounts(List.of())).isEmpty();
    }

    @Test
    void a_members_first_socket_brings_it_online() {
        var session = session();
        var alice = someone();

        assertThat(store.socketOpened(session, alice, socket(), "gw-1")).isTrue();

        assertThat(store.online(session.code())).containsExactly(alice);
    }

    @Test
    void a_second_socket_of_an_online_member_is_not_its_first() {
        var session = session();
        var alice = someone();
        store.socketOpened(session, alice, socket(), "gw-1");

        assertThat(store.socketOpened(session, alice, socket(), "gw-2")).isFalse();
    }

    @Test
    void a_member_stays_online_until_its_last_socket_closes() {
        var session = session();
        var alice = someone();
        var phone = socket();
        var laptop = socket();
        store.socketOpened(session, alice, phone, "gw-1");
        store.socketOpened(session, alice, laptop, "gw-2");

        assertThat(store.socketClosed(session.code(), alice, phone)).isFalse();
        assertThat(store.online(session.code())).containsExactly(alice);

        assertThat(store.socketClosed(session.code(), alice, laptop)).isTrue();
        assertThat(store.online(session.code())).isEmpty();
    }

    @Test
    void registering_one_socket_twice_counts_it_once() {
        var session = session();
        var alice = someone();
        var phone = socket();
        store.socketOpened(session, alice, phone, "gw-1");

        assertThat(store.socketOpened(session, alice, phone, "gw-1")).isFalse();
        assertThat(store.socketClosed(session.code(), alice, phone)).isTrue();
        assertThat(store.online(session.code())).isEmpty();
    }

    @Test
    void closing_a_socket_that_is_not_registered_is_not_a_last_socket() {
        var session = session();
        var alice = someone();
        var phone = socket();
        store.socketOpened(session, alice, phone, "gw-1");

        assertThat(store.socketClosed(session.code(), alice, socket())).isFalse();
        assertThat(store.socketClosed(session.code(), someone(), phone)).isFalse();
        assertThat(store.socketClosed(session().code(), alice, phone)).isFalse();
        assertThat(store.online(session.code())).containsExactly(alice);
    }

    @Test
    void a_socket_closed_twice_goes_offline_once() {
        var session = session();
        var alice = someone();
        var phone = socket();
        store.socketOpened(session, alice, phone, "gw-1");

        assertThat(store.socketClosed(session.code(), alice, phone)).isTrue();
        assertThat(store.socketClosed(session.code(), alice, phone)).isFalse();
    }

    @Test
    void registering_says_whether_it_is_the_first_socket_and_how_many_the_member_has_everywhere() {
        var session = session();
        var alice = someone();
        var phone = socket();
        store.socketOpened(session, someone(), socket(), "gw-1");

        assertThat(store.register(session, alice, phone, "gw-1")).isEqualTo(new PresenceStore.Registered(true, 1));
        assertThat(store.register(session, alice, socket(), "gw-2")).isEqualTo(new PresenceStore.Registered(false, 2));
        // The same socket again: nothing changes, and the count says so.
        assertThat(store.register(session, alice, phone, "gw-1")).isEqualTo(new PresenceStore.Registered(false, 2));

        store.socketClosed(session.code(), alice, phone);
        assertThat(store.register(session, alice, socket(), "gw-1")).isEqualTo(new PresenceStore.Registered(false, 2));
    }

    @Test
    void sockets_counts_a_members_open_sockets_on_every_instance() {
        var session = session();
        var alice = someone();
        var phone = socket();
        assertThat(store.sockets(session.code(), alice)).isZero();
        store.socketOpened(session, alice, phone, "gw-1");
        store.socketOpened(session, alice, socket(), "gw-2");
        store.socketOpened(session, someone(), socket(), "gw-1");

        assertThat(store.sockets(session.code(), alice)).isEqualTo(2);

        store.socketClosed(session.code(), alice, phone);
        assertThat(store.sockets(session.code(), alice)).isEqualTo(1);
    }

    @Test
    void online_lists_the_members_of_that_session_only() {
        var one = session();
        var other = session();
        var alice = someone();
        var bob = someone();
        var carol = someone();
        store.socketOpened(one, alice, socket(), "gw-1");
        store.socketOpened(one, bob, socket(), "gw-2");
        store.socketOpened(other, carol, socket(), "gw-1");

        assertThat(store.online(one.code())).containsExactlyInAnyOrder(alice, bob);
        assertThat(store.online(other.code())).containsExactly(carol);
        assertThat(store.online(session().code())).isEmpty();
    }

    @Test
    void clear_forgets_every_socket_of_that_session_only() {
        var ending = session();
        var staying = session();
        var alice = someone();
        var bob = someone();
        store.socketOpened(ending, alice, socket(), "gw-1");
        store.socketOpened(ending, alice, socket(), "gw-2");
        store.socketOpened(ending, bob, socket(), "gw-1");
        store.socketOpened(staying, bob, socket(), "gw-1");

        store.clear(ending.code());

        assertThat(store.online(ending.code())).isEmpty();
        assertThat(store.online(staying.code())).containsExactly(bob);
    }

    @Test
    void clearing_an_unknown_session_does_nothing() {
        var session = session();
        var alice = someone();
        store.socketOpened(session, alice, socket(), "gw-1");

        store.clear(session().code());

        assertThat(store.online(session.code())).containsExactly(alice);
    }

    @Test
    void presence_stays_until_the_last_millisecond_before_expiry() {
        var session = session();
        var alice = someone();
        store.socketOpened(session, alice, socket(), "gw-1");

        passTime(Duration.between(clock.instant(), session.expiresAt()).minusMillis(1));

        assertThat(store.online(session.code())).containsExactly(alice);
    }

    @Test
    void presence_vanishes_when_the_session_expires() {
        var session = session();
        var alice = someone();
        var phone = socket();
        store.socketOpened(session, alice, phone, "gw-1");

        passTime(Duration.between(clock.instant(), session.expiresAt()));

        assertThat(store.online(session.code())).isEmpty();
        assertThat(store.socketClosed(session.code(), alice, phone)).isFalse();
    }

    private List<PresenceStore.SocketRef> walk(int count) {
        var found = new ArrayList<PresenceStore.SocketRef>();
        Optional<String> cursor = Optional.empty();
        do {
            var step = store.scanSockets(cursor, count);
            found.addAll(step.sockets());
            cursor = step.next();
        } while (cursor.isPresent());
        return found;
    }

    @Test
    void a_walk_finds_every_registered_socket_with_its_member_and_instance() {
        var one = session();
        var other = session();
        var alice = someone();
        var bob = someone();
        var phone = socket();
        var laptop = socket();
        var tablet = socket();
        store.socketOpened(one, alice, phone, "gw-1");
        store.socketOpened(one, alice, laptop, "gw-2");
        store.socketOpened(other, bob, tablet, "gw-1");

        assertThat(walk(1))
                .contains(
                        new PresenceStore.SocketRef(one.code(), alice, phone, "gw-1"),
                        new PresenceStore.SocketRef(one.code(), alice, laptop, "gw-2"),
                        new PresenceStore.SocketRef(other.code(), bob, tablet, "gw-1"));
    }

    @Test
    void a_walk_skips_closed_sockets_and_cleared_sessions() {
        var open = session();
        var cleared = session();
        var alice = someone();
        var closed = socket();
        var kept = socket();
        var gone = socket();
        store.socketOpened(open, alice, closed, "gw-1");
        store.socketOpened(open, alice, kept, "gw-1");
        store.socketOpened(cleared, alice, gone, "gw-1");
        store.socketClosed(open.code(), alice, closed);
        store.clear(cleared.code());

        assertThat(walk(100))
                .extracting(PresenceStore.SocketRef::socketId)
                .contains(kept)
                .doesNotContain(closed, gone);
    }

    @Test
    void a_walk_skips_sockets_of_expired_sessions() {
        var session = session();
        var phone = socket();
        store.socketOpened(session, someone(), phone, "gw-1");

        passTime(Duration.between(clock.instant(), session.expiresAt()));

        assertThat(walk(100)).extracting(PresenceStore.SocketRef::socketId).doesNotContain(phone);
    }
}
