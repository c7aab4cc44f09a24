package io.huddle.application.realtime;

import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.message.Message;
import io.huddle.domain.presence.Headcount;
import java.util.Optional;

/**
 * Where a session's fan-out delivers on this gateway: one socket. Neither method may block (they run
 * on the thread that delivers to every socket of the session); a recipient that throws is skipped.
 */
public interface Recipient {

    /** The member the socket belongs to. */
    MemberId member();

    /**
     * The session's next message. Calls come strictly in seq order, each seq at most once, with no
     * gap other than seqs the log no longer holds (cleared history).
     */
    void message(Message message);

    /**
     * Any other event of the session, in the order this gateway received them. {@code headcount} is
     * present for membership and presence events ({@code MemberJoined}, {@code MemberLeft},
     * {@code MemberOnline}, {@code MemberOffline}). Typing events never reach the typing member's own sockets.
     */
    void event(SessionEvent event, Optional<Headcount> headcount);
}
