package io.huddle.application.realtime;

import io.huddle.application.auth.Authenticate;
import io.huddle.application.auth.Authenticate.Authenticated;
import io.huddle.application.auth.Caller;
import io.huddle.application.session.LiveSessions;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.Membership;
import io.huddle.domain.presence.PresenceStore;
import io.huddle.domain.session.Session;
import java.time.InstantSource;
import java.util.Optional;

/**
 * A member opens a socket with its member token: the socket is registered in the presence store under
 * this gateway's instance id, and a socket over the member's limit is refused. Whether it is the member's
 * first socket (on any instance) is answered, so the caller announces the member online once its welcome
 * has the counts. An open socket counts as session activity (the inactivity job treats an online member
 * as activity, so nothing is written for it here).
 */
public final class OpenSocket {
    private final Authenticate authenticate;
    private final LiveSessions live;
    private final MemberStore members;
    private final PresenceStore presence;
    private final InstantSource clock;
    private final int maxSocketsPerMember;

    public OpenSocket(
            Authenticate authenticate,
            LiveSessions live,
            MemberStore members,
            PresenceStore presence,
            InstantSource clock,
            int maxSocketsPerMember) {
        if (maxSocketsPerMember < 1) throw new IllegalArgumentException("maxSocketsPerMember " + maxSocketsPerMember);
        this.authenticate = authenticate;
        this.live = live;
        this.members = members;
        this.presence = presence;
        this.clock = clock;
        this.maxSocketsPerMember = maxSocketsPerMember;
    }

    /** What {@link #register} did: {@link Opened} or {@link TooMany}. */
    public sealed interface Outcome {}

    /** Who {@link #identify} found: a member of a live session, or {@link Unauthorized}. */
    public sealed interface Identity {}

    /** The bearer's member, as the store has it, and its session, live now. */
    public record Identified(Membership membership, Session session) implements Identity {}

    /**
     * Registered; {@code membership.member()} is as the store had it with {@code lastSeenAt} now, {@code session}
     * as it is live now;
     * {@code first}: the member had no socket open anywhere before.
     */
    public record Opened(Membership membership, Session session, boolean first) implements Outcome {}

    /** No member token, or one that is invalid or revoked (also every token of an ended session). */
    public record Unauthorized() implements Identity {}

    /** The member has {@code maxSocketsPerMember} sockets open already; nothing stays registered. */
    public record TooMany() implements Outcome {}

    /**
     * The member {@code bearer} (the token as the client sent it, header or subprotocol) belongs to, and its
     * live session; nothing is written.
     */
    public Identity identify(Optional<String> bearer) {
        if (bearer.isEmpty()) return new Unauthorized();
        if (!(authenticate.handle(bearer) instanceof Authenticated(Caller.AsMember(var membership)))) {
            return new Unauthorized();
        }
        var session = live.find(membership.session());
        if (session.isEmpty()) return new Unauthorized();
        return new Identified(membership, session.get());
    }

    /**
     * Registers the socket of an {@link Identified} member under this gateway's {@code instanceId} and raises
     * the member's {@code lastSeenAt}; {@code socketId} unique among every instance's.
     */
    public Outcome register(Identified who, String socketId, String instanceId) {
        var session = who.session();
        var member = who.membership().member();
        var registered = presence.register(session, member.id(), socketId, instanceId);
        // Counted after registering: of sockets opened at once, none slips past the limit (at worst both are refused).
        if (registered.sockets() > maxSocketsPerMember) {
            presence.socketClosed(session.code(), member.id(), socketId);
            return new TooMany();
        }
        var now = clock.instant();
        try {
            members.seen(session.code(), member.id(), now);
        } catch (RuntimeException e) {
            // Registered but not opened: take the registration back, so no presence is left without a socket.
            presence.socketClosed(session.code(), member.id(), socketId);
            throw e;
        }
        var seen = member.seenAt(now);
        // The session as stored: an open socket keeps it alive without moving lastActivityAt (docs/api.md), so
        // the welcome shows the time the API shows, not this opening's.
        return new Opened(new Membership(session.code(), seen), session, registered.first());
    }
}
