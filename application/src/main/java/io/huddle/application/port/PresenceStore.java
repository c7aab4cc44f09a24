package io.huddle.application.port;

import io.huddle.domain.member.MemberId;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
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

    /** Unregisters a socket; true when it was the member's last (the member just went offline). */
    boolean socketClosed(SessionCode session, MemberId member, String socketId);

    Set<MemberId> online(SessionCode session);

    /** How many sockets of the member are registered, on every instance together. */
    int sockets(SessionCode session, MemberId member);

    /** Forgets every socket of a session (it ended). */
    void clear(SessionCode session);
}
