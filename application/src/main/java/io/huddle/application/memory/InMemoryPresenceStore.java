package io.huddle.application.memory;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Open sockets per member in maps behind one read-write lock, so "first socket" and "last socket"
 * are decided exactly once each. A session's sockets are forgotten once its {@code expiresAt} has passed.
 */
public final class InMemoryPresenceStore implements PresenceStore {
    /** Socket id to the instance holding it, per member, of one session. */
    private record Room(Instant expiresAt, Map<MemberId, Map<String, String>> sockets) {
        boolean isLiveAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    private final InstantSource clock;
    private final Map<SessionCode, Room> rooms = new HashMap<>();
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public InMemoryPresenceStore(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public boolean socketOpened(Session session, MemberId member, String socketId, String instanceId) {
        var now = clock.instant();
        lock.writeLock().lock();
        try {
            expiries.drain(now, rooms::remove);
            var room = rooms.get(session.code());
            if (room == null) {
                room = new Room(session.expiresAt(), new HashMap<>());
                rooms.put(session.code(), room);
                expiries.schedule(session.code(), session.expiresAt());
            }
            var sockets = room.sockets().computeIfAbsent(member, id -> new HashMap<>());
            boolean first = sockets.isEmpty();
            sockets.put(socketId, instanceId);
            return first;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean socketClosed(SessionCode session, MemberId member, String socketId) {
        var now = clock.instant();
        lock.writeLock().lock();
        try {
            var room = liveRoom(session, now);
            if (room.isEmpty()) return false;
            var sockets = room.get().sockets().get(member);
            if (sockets == null || sockets.remove(socketId) == null) return false;
            if (!sockets.isEmpty()) return false;
            room.get().sockets().remove(member);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Set<MemberId> online(SessionCode session) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            return liveRoom(session, now)
                    .map(room -> Set.copyOf(room.sockets().keySet()))
                    .orElse(Set.of());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int sockets(SessionCode session, MemberId member) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            return liveRoom(session, now)
                    .map(room -> room.sockets().getOrDefault(member, Map.of()).size())
                    .orElse(0);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void clear(SessionCode session) {
        lock.writeLock().lock();
        try {
            rooms.remove(session);
            expiries.forget(session);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The whole walk in one step: this store serves one process, whose sockets all fit in one list. */
    @Override
    public SocketScan scanSockets(Optional<String> cursor, int count) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            var sockets = new ArrayList<SocketRef>();
            rooms.forEach((code, room) -> {
                if (!room.isLiveAt(now)) return;
                room.sockets()
                        .forEach((member, held) -> held.forEach((socketId, instanceId) ->
                                sockets.add(new SocketRef(code, member, socketId, instanceId))));
            });
            return new SocketScan(sockets, Optional.empty());
        } finally {
            lock.readLock().unlock();
        }
    }

    private Optional<Room> liveRoom(SessionCode session, Instant now) {
        return Optional.ofNullable(rooms.get(session)).filter(room -> room.isLiveAt(now));
    }
}
