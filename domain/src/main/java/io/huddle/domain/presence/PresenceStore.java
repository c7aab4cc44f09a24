package io.huddle.domain.presence;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which members have an open socket, on any gateway instance. A member is online while at least one
 * of its sockets is registered. Entries expire with their session.
 */
public interface PresenceStore {

    /**
     * Registers a socket; true when it is the member's first (the member just came online). Registering
     * the same socket again changes nothing.
     */
    boolean socketOpened(Session session, MemberId member, String socketId, String instanceId);

    /**
     * As {@link #socketOpened}, also saying how many sockets the member has registered now, on every
     * instance together (as {@link #sockets} would): what a socket's opening asks, in one round trip where
     * the store can.
     */
    default Registered register(Session session, MemberId member, String socketId, String instanceId) {
        boolean first = socketOpened(session, member, socketId, instanceId);
        return new Registered(first, sockets(session.code(), member));
    }

    /** What {@link #register} found: whether it was the member's first socket, and how many it has now. */
    record Registered(boolean first, int sockets) {}

    /** Unregisters a socket; true when it was the member's last (the member just went offline). */
    boolean socketClosed(SessionCode session, MemberId member, String socketId);

    Set<MemberId> online(SessionCode session);

    /**
     * {@link #online} as every gateway's sockets make it, or empty when this store can answer now for this
     * gateway's own sockets only (the shared store is away): for a caller that must not take one gateway's
     * view for the session's, such as one correcting what sockets were told.
     */
    default Optional<Set<MemberId>> onlineEverywhere(SessionCode session) {
        return Optional.of(online(session));
    }

    /**
     * The session's headcount counted in one step without reading the roster, where this store keeps a
     * whole copy of the roster beside the presence (Redis: the member hot copy); empty when it does not
     * hold one now, and the caller counts from the roster ({@link Headcount#of}). Same answer either way.
     */
    default Optional<Headcount> headcount(SessionCode session) {
        return Optional.empty();
    }

    /**
     * {@link #headcount} for each of {@code sessions} (a page of a session list), in one round trip where the
     * store can: the counts, by session; a session this store cannot count so is absent.
     */
    default Map<SessionCode, Headcount> headcounts(List<SessionCode> sessions) {
        var counted = new HashMap<SessionCode, Headcount>();
        for (var session : sessions) headcount(session).ifPresent(count -> counted.put(session, count));
        return counted;
    }

    /** How many sockets of the member are registered, on every instance together. */
    int sockets(SessionCode session, MemberId member);

    /** Forgets every socket of a session (it ended). */
    void clear(SessionCode session);

    /**
     * One step of a walk over every registered socket of every live session, for the ghost-presence
     * cleanup: start with an empty cursor and pass each step's {@code next} until it is empty. A socket
     * registered for the whole walk is returned at least once (possibly more than once); each step
     * looks at about {@code count} sessions. Never blocks the store (Redis: SCAN, never KEYS).
     */
    SocketScan scanSockets(Optional<String> cursor, int count);

    /** A registered socket: whose it is and which gateway instance holds it. */
    record SocketRef(SessionCode session, MemberId member, String socketId, String instanceId) {
        public SocketRef {
            Objects.requireNonNull(session);
            Objects.requireNonNull(member);
            Objects.requireNonNull(socketId);
            Objects.requireNonNull(instanceId);
        }
    }

    /** One step of {@link #scanSockets}: the sockets found, and where the walk goes on (empty: it is done). */
    record SocketScan(List<SocketRef> sockets, Optional<String> next) {
        public SocketScan {
            sockets = List.copyOf(sockets);
            Objects.requireNonNull(next);
        }
    }
}
