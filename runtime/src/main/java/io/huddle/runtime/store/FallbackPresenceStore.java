package io.huddle.runtime.store;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Presence in Redis, shared by every gateway, with this gateway's own socket table beside it. The table is
 * kept whatever Redis does (a map operation per socket opened or closed), so:
 *
 * <ul>
 *   <li>while Redis cannot answer, presence is answered from this gateway's own sockets (PROTOCOL.md
 *       section 8: presence is local), and a socket that closes meanwhile is remembered;
 *   <li>when Redis answers again, or comes back empty, {@link #reRegister} puts every socket this gateway
 *       holds back into Redis and takes out the ones that closed meanwhile, so presence is whole again
 *       without anybody reconnecting.
 * </ul>
 */
public final class FallbackPresenceStore implements PresenceStore {
    private final PresenceStore shared;
    private final String instanceId;
    private final HotCopyRepairs repairs;
    // Guarded by this: every socket this gateway holds, and those that closed while Redis was away.
    private final Map<SessionCode, Map<String, Held>> own = new HashMap<>();
    private final Map<String, PresenceStore.SocketRef> closedWhileAway = new HashMap<>();

    private record Held(Session session, MemberId member) {}

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
            firstHere = !ownMembers(session.code()).contains(member);
            own.computeIfAbsent(session.code(), c -> new HashMap<>()).put(socketId, new Held(session, member));
            closedWhileAway.remove(socketId);
        }
        try {
            return shared.register(session, member, socketId, instanceId);
        } catch (RuntimeException e) {
            return new Registered(firstHere, ownSockets(session.code(), member));
        }
    }

    @Override
    public boolean socketClosed(SessionCode session, MemberId member, String socketId) {
        boolean lastHere;
        synchronized (this) {
            var sockets = own.get(session);
            if (sockets != null) {
                sockets.remove(socketId);
                if (sockets.isEmpty()) own.remove(session);
            }
            lastHere = !ownMembers(session).contains(member);
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
                return Set.copyOf(ownMembers(session));
            }
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

    @Override
    public int sockets(SessionCode session, MemberId member) {
        try {
            return shared.sockets(session, member);
        } catch (RuntimeException e) {
            return ownSockets(session, member);
        }
    }

    private synchronized int ownSockets(SessionCode session, MemberId member) {
        var sockets = own.getOrDefault(session, Map.of());
        return (int)
                sockets.values().stream().filter(h -> h.member().equals(member)).count();
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
        List<PresenceStore.SocketRef> closed;
        synchronized (this) {
            held = own.values().stream()
                    .flatMap(sockets -> sockets.entrySet().stream())
                    .map(e -> Map.entry(e.getKey(), e.getValue()))
                    .toList();
            closed = List.copyOf(closedWhileAway.values());
        }
        for (var socket : held) {
            var session = socket.getValue().session();
            var member = socket.getValue().member();
            shared.socketOpened(session, member, socket.getKey(), instanceId);
            // A socket that closed after the snapshot may have left the shared store before this put it back:
            // take it out again, or its member would stay online with nobody there.
            if (!holds(session.code(), socket.getKey())) shared.socketClosed(session.code(), member, socket.getKey());
        }
        for (var socket : closed) {
            shared.socketClosed(socket.session(), socket.member(), socket.socketId());
            synchronized (this) {
                closedWhileAway.remove(socket.socketId());
            }
        }
    }

    private synchronized boolean holds(SessionCode session, String socketId) {
        return own.getOrDefault(session, Map.of()).containsKey(socketId);
    }

    /** How many sockets this gateway holds. */
    public synchronized int held() {
        return own.values().stream().mapToInt(Map::size).sum();
    }

    private Set<MemberId> ownMembers(SessionCode session) {
        return own.getOrDefault(session, Map.of()).values().stream()
                .map(Held::member)
                .collect(Collectors.toCollection(HashSet::new));
    }
}
