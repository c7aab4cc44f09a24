package io.huddle.application.memory;

import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberCache;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link MemberCache} in maps behind one lock: the stand-in for Redis in fast tests of what reads
 * through it. Entries are gone once their session's {@code expiresAt} has passed.
 */
public final class InMemoryMemberCache implements MemberCache {
    private record Token(Membership membership, Instant expiresAt) {}

    private record Roster(Instant expiresAt, Map<MemberId, Enrolled> members) {}

    private final InstantSource clock;
    private final Map<TokenHash, Token> tokens = new HashMap<>();
    private final Map<SessionCode, Roster> rosters = new HashMap<>();
    private final Map<SessionCode, RefillTicket> tickets = new HashMap<>();
    private long nextTicket;

    public InMemoryMemberCache(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<Membership> byToken(TokenHash token) {
        return Optional.ofNullable(tokens.get(token))
                .filter(t -> clock.instant().isBefore(t.expiresAt()))
                .map(Token::membership);
    }

    @Override
    public synchronized Optional<List<Member>> roster(SessionCode session) {
        return Optional.ofNullable(rosters.get(session))
                .filter(r -> clock.instant().isBefore(r.expiresAt()))
                .map(r -> r.members().values().stream()
                        .map(Enrolled::member)
                        .sorted(Member.BY_JOIN)
                        .toList());
    }

    @Override
    public synchronized RefillTicket beginRefill(SessionCode session) {
        var ticket = new RefillTicket(Long.toString(++nextTicket));
        tickets.put(session, ticket);
        return ticket;
    }

    @Override
    public synchronized boolean putRoster(SessionCode session, MemberLedger.Roster roster, RefillTicket ticket) {
        if (!ticket.equals(tickets.get(session))) return false;
        tickets.remove(session);
        var members = new HashMap<MemberId, Enrolled>();
        for (var enrolled : roster.members()) {
            members.put(enrolled.member().id(), enrolled);
            tokens.put(enrolled.token(), new Token(new Membership(session, enrolled.member()), roster.expiresAt()));
        }
        rosters.put(session, new Roster(roster.expiresAt(), members));
        return true;
    }

    @Override
    public synchronized void added(SessionCode session, Instant expiresAt, Enrolled member) {
        tickets.remove(session);
        tokens.put(member.token(), new Token(new Membership(session, member.member()), expiresAt));
        var roster = rosters.get(session);
        if (roster != null) roster.members().put(member.member().id(), member);
    }

    @Override
    public synchronized void removed(SessionCode session, MemberId member, TokenHash token) {
        tickets.remove(session);
        tokens.remove(token);
        var roster = rosters.get(session);
        if (roster != null) roster.members().remove(member);
    }

    @Override
    public synchronized void evict(SessionCode session, List<TokenHash> given) {
        tickets.remove(session);
        given.forEach(tokens::remove);
        var roster = rosters.remove(session);
        if (roster != null) roster.members().values().forEach(e -> tokens.remove(e.token()));
    }

    @Override
    public synchronized void seen(SessionCode session, MemberId member, Instant at) {
        var roster = rosters.get(session);
        if (roster == null) return;
        var enrolled = roster.members().get(member);
        if (enrolled == null) return;
        var raised = new Enrolled(enrolled.member().seenAt(at), enrolled.token());
        roster.members().put(member, raised);
        tokens.computeIfPresent(
                enrolled.token(), (t, token) -> new Token(new Membership(session, raised.member()), token.expiresAt()));
    }
}
