package io.huddle.runtime.store;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Presence in Redis, shared by every gateway, with this gateway's own socket table beside it. The table is
 * kept whatever Redis does (a map operation per socket opened or closed), so:
 *
 * <ul>
 *   <li>while Redis cannot answer, presence is answered from this gateway's own sockets (PROTOCOL.md
 *       section 8: presence is local), and a socket that closes meanwhile is remembered;
 *   <li>when Redis answers again, or comes back empty, {@link #reRegister} puts every socket this gateway
 *       holds back into Redis and takes out the ones that closed meanwhile, so presence is whole again
 *       without anybody reconnecting;
 *   <li>when one socket's opening or closing did not reach a Redis that is otherwise answering (one call timed
 *       out, a pooled connection broke or was not to be had: too few failures to open its breaker), {@link
 *       #tellMissed} tells it that socket's open or close alone. Without it Redis kept a closed socket for good
 *       (its member online with nobody there, the socket counted against the member's limit) or lacked an open
 *       one, until the next outage.
 * </ul>
 */
public final class FallbackPresenceStore implements PresenceStore {
    private final PresenceStore shared;
    private final String instanceId;
    private final HotCopyRepairs repairs;
    // Guarded by this: every socket this gateway holds, and those that closed while Redis was away.
    private final Map<SessionCode, Room> own = new HashMap<>();
    private final Map<String, PresenceStore.SocketRef> closedWhileAway = new HashMap<>();
    /** Sockets this gateway holds whose registration Redis did not take. */
    private final Map<String, Held> openedUnheard = new HashMap<>();

    private record Held(Session session, MemberId member) {}

    /**
     * One session's sockets on this gateway, and how many each member has: whether a member is here at all
     * is asked on every open and close, under the gateway-wide lock, and was a walk over the session's
     * sockets (a room of thousands filled and emptied in quadratic time).
     */
    private static final class Room {
        final Map<String, Held> sockets = new HashMap<>();
        final Map<MemberId, Integer> perMember = new HashMap<>();

        void put(String socketId, Held held) {
            var before = sockets.put(socketId, held);
            if (before != null) leave(before.member());
            perMember.merge(held.member(), 1, Integer::sum);
        }

        void remove(String socketId) {
            var held = sockets.remove(socketId);
            if (held != null) leave(held.member());
        }

        int count(MemberId member) {
            return perMember.getOrDefault(member, 0);
        }

        private void leave(MemberId member) {
            perMember.computeIfPresent(member, (m, n) -> n == 1 ? null : n - 1);
        }
    }

    public FallbackPresenceStore(PresenceStore shared, String instanceId, HotCopyRepairs repairs) {
        this.shared = shared;
        this.instanceId = instanceId;
        this.repairs = repairs;
    }

    @Override
    public boolean socketOpened(Session session, MemberId member, String socketId, String instanceId) {
        return register(session, member, socketId, instanceId).first();
    }

    /** While the shared store is away: first and the count as this instance's own sockets say. */
    @Override
    public Registered register(Session session, MemberId member, String socketId, String instanceId) {
        boolean firstHere;
        synchronized (this) {
            var room = own.computeIfAbsent(session.code(), c -> new Room());
            firstHere = room.count(member) == 0;
            room.put(socketId, new Held(session, member));
            closedWhileAway.remove(socketId);
        }
        try {
            var registered = shared.register(session, member, socketId, instanceId);
            synchronized (this) {
                openedUnheard.remove(socketId);
            }
            return registered;
        } catch (RuntimeException e) {
            synchronized (this) {
                if (holdsHere(session.code(), socketId)) openedUnheard.put(socketId, new Held(session, member));
            }
            return new Registered(firstHere, ownSockets(session.code(), member));
        }
    }

    @Override
    public boolean socketClosed(SessionCode session, MemberId member, String socketId) {
        boolean lastHere;
        synchronized (this) {
            var room = own.get(session);
            if (room != null) {
                room.remove(socketId);
                if (room.sockets.isEmpty()) own.remove(session);
            }
            lastHere = room == null || room.count(member) == 0;
            openedUnheard.remove(socketId);
        }
        try {
            return shared.socketClosed(session, member, socketId);
        } catch (RuntimeException e) {
            synchronized (this) {
                closedWhileAway.put(socketId, new PresenceStore.SocketRef(session, member, socketId, instanceId));
            }
            return lastHere;
        }
    }

    @Override
    public Set<MemberId> online(SessionCode session) {
        try {
            return shared.online(session);
        } catch (RuntimeException e) {
            synchronized (this) {
                var room = own.get(session);
                return room == null ? Set.of() : Set.copyOf(room.perMember.keySet());
            }
        }
    }

    /** Empty while the shared store is away: this gateway's sockets are not the session's. */
    @Override
    public Optional<Set<MemberId>> onlineEverywhere(SessionCode session) {
        try {
            return Optional.of(shared.online(session));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** While the shared store is away nothing is counted here: the caller counts from the roster and {@link #online}. */
    @Override
    public Optional<Headcount> headcount(SessionCode session) {
        try {
            return shared.headcount(session);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** While Redis cannot answer, nothing is counted here: the caller counts from the roster, per session. */
    @Override
    public Map<SessionCode, Headcount> headcounts(List<SessionCode> sessions) {
        try {
            return shared.headcounts(sessions);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    @Override
    public int sockets(SessionCode session, MemberId member) {
        try {
            return shared.sockets(session, member);
        } catch (RuntimeException e) {
            return ownSockets(session, member);
        }
    }

    private synchronized int ownSockets(SessionCode session, MemberId member) {
        var room = own.get(session);
        return room == null ? 0 : room.count(member);
    }

    @Override
    public void clear(SessionCode session) {
        synchronized (this) {
            own.remove(session);
        }
        repairs.now("presence:" + session.value(), () -> shared.clear(session));
    }

    @Override
    public SocketScan scanSockets(Optional<String> cursor, int count) {
        return shared.scanSockets(cursor, count);
    }

    /**
     * Puts every socket of this gateway into the shared store again (registering one twice changes nothing)
     * and unregisters those that closed while it was away. Throws when Redis cannot answer; what is left
     * is done by the next call.
     */
    public void reRegister() {
        List<Map.Entry<String, Held>> held;
        synchronized (this) {
            held = own.values().stream()
                    .flatMap(room -> room.sockets.entrySet().stream())
                    .map(e -> Map.entry(e.getKey(), e.getValue()))
                    .toList();
            // All of them go back now; a put-back that fails is made whole by the next (the watch retries it).
            openedUnheard.clear();
        }
        putBack(held);
        takeOutClosed();
    }

    /** Whether an open or a close of a socket here has not reached the shared store yet ({@link #tellMissed}). */
    public synchronized boolean behind() {
        return !openedUnheard.isEmpty() || !closedWhileAway.isEmpty();
    }

    /**
     * Tells the shared store the opens and closes of this gateway's sockets it did not take when they happened.
     * Throws when Redis cannot answer; what is left is told by the next call (or by {@link #reRegister}).
     */
    public void tellMissed() {
        List<Map.Entry<String, Held>> opened;
        synchronized (this) {
            opened = List.copyOf(openedUnheard.entrySet());
        }
        for (var socket : opened) {
            putBack(List.of(socket));
            synchronized (this) {
                openedUnheard.remove(socket.getKey(), socket.getValue());
            }
        }
        takeOutClosed();
    }

    private void putBack(List<Map.Entry<String, Held>> held) {
        for (var socket : held) {
            var session = socket.getValue().session();
            var member = socket.getValue().member();
            shared.socketOpened(session, member, socket.getKey(), instanceId);
            // A socket that closed after the snapshot may have left the shared store before this put it back:
            // take it out again, or its member would stay online with nobody there.
            if (!holdsHere(session.code(), socket.getKey())) {
                shared.socketClosed(session.code(), member, socket.getKey());
            }
        }
    }

    private void takeOutClosed() {
        List<PresenceStore.SocketRef> closed;
        synchronized (this) {
            closed = List.copyOf(closedWhileAway.values());
        }
        for (var socket : closed) {
            shared.socketClosed(socket.session(), socket.member(), socket.socketId());
            synchronized (this) {
                closedWhileAway.remove(socket.socketId(), socket);
            }
        }
    }

    private synchronized boolean holdsHere(SessionCode session, String socketId) {
        var room = own.get(session);
        return room != null && room.sockets.containsKey(socketId);
    }

    /** How many sockets this gateway holds. */
    public synchronized int held() {
        return own.values().stream().mapToInt(room -> room.sockets.size()).sum();
    }
}
