package io.huddle.runtime.store;

import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.Leaving;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberCache;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.MemberStore;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import io.huddle.domain.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members in PostgreSQL ({@link MemberLedger}, the system of record) with a Redis hot copy read through
 * ({@link MemberCache}).
 *
 * <ul>
 *   <li>A join is stored in PostgreSQL first, and only once it committed is the copy updated: a join that
 *       fails stored nothing, and there is never a member in Redis without its row.
 *   <li>A warm token is one Redis {@code GET}; a miss (a token never looked up, a Redis flushed or restarted
 *       empty) reads PostgreSQL and refills the session's whole roster with its tokens in one pipeline.
 *   <li>While Redis cannot answer, tokens come from PostgreSQL through a small in-process copy of
 *       {@link #LOCAL_FOR} (so a burst of requests does not become a burst of queries), and members from
 *       PostgreSQL.
 *   <li>After every change the session's copy is invalidated through {@link HotCopyRepairs}, also when
 *       Redis could not be reached at the time.
 * </ul>
 */
public final class CachedMemberStore implements MemberStore {
    private static final Logger log = LoggerFactory.getLogger(CachedMemberStore.class);

    /** How long this process trusts a token it read from PostgreSQL while Redis is away. */
    public static final Duration LOCAL_FOR = Duration.ofSeconds(5);

    static final int LOCAL_MAX = 10_000;

    /** Beyond this many members joined here, {@link #durablySeen} starts again empty: memory stays bounded. */
    static final int DURABLY_SEEN_MAX = 50_000;

    private final MemberLedger ledger;
    private final MemberCache cache;
    private final HotCopyRepairs repairs;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<TokenHash, Local> local = new ConcurrentHashMap<>();

    private record Local(Optional<Membership> membership, long until) {}

    /**
     * The {@code lastSeenAt} each member joined through this process was stored with. PostgreSQL skips a
     * raise of less than {@link SessionStore#ACTIVITY_GRANULARITY} (members/seen.sql), so a socket that opens
     * or closes within that time of the join would cost a round trip that writes nothing: it is not sent.
     * The stored time can only have risen since (another gateway's raise), which skips more, never less.
     */
    private final ConcurrentHashMap<MemberId, Instant> durablySeen = new ConcurrentHashMap<>();

    public CachedMemberStore(MemberLedger ledger, MemberCache cache, HotCopyRepairs repairs) {
        this(ledger, cache, repairs, System::nanoTime);
    }

    CachedMemberStore(MemberLedger ledger, MemberCache cache, HotCopyRepairs repairs, LongSupplier nanoTime) {
        this.ledger = ledger;
        this.cache = cache;
        this.repairs = repairs;
        this.nanoTime = nanoTime;
    }

    @Override
    public Joined join(Session session, Member member, TokenHash token) {
        var joined = ledger.join(session, member, token);
        if (joined instanceof Joined.Added) {
            if (durablySeen.size() >= DURABLY_SEEN_MAX) durablySeen.clear();
            durablySeen.put(member.id(), member.lastSeenAt());
            var code = session.code();
            var enrolled = new Enrolled(member, token);
            try {
                cache.added(code, session.expiresAt(), enrolled);
            } catch (RuntimeException e) {
                // The copy may or may not hold the member now: it is dropped once Redis answers, and the next
                // read refills it from the ledger. No later re-check is needed for a join (unlike a removal): a
                // refill that read the ledger before this commit cannot cache its roster over it, since the
                // join's write withdrew the refill's ticket (MemberCache.beginRefill).
                repairs.whenBack("members:" + code.value(), () -> cache.evict(code, List.of(token)));
            }
        }
        return joined;
    }

    @Override
    public Optional<Membership> authenticate(TokenHash token) {
        Optional<Membership> cached;
        try {
            cached = cache.byToken(token);
        } catch (RuntimeException e) {
            return fromLedgerLocally(token);
        }
        if (cached.isPresent()) return cached;
        var found = ledger.authenticate(token);
        found.ifPresent(m -> refill(m.session()));
        return found;
    }

    private Optional<Membership> fromLedgerLocally(TokenHash token) {
        long now = nanoTime.getAsLong();
        var held = local.get(token);
        if (held != null && now - held.until() < 0) return held.membership();
        var found = ledger.authenticate(token);
        if (local.size() >= LOCAL_MAX) local.clear();
        local.put(token, new Local(found, now + LOCAL_FOR.toNanos()));
        return found;
    }

    @Override
    public List<Member> list(SessionCode session) {
        try {
            var cached = cache.roster(session);
            if (cached.isPresent()) return cached.get();
        } catch (RuntimeException e) {
            return ledger.list(session);
        }
        return refill(session).map(MemberLedger.Roster::list).orElse(List.of());
    }

    /**
     * Reads the roster from PostgreSQL and caches it, unless a member joined or left meanwhile (the ticket
     * is withdrawn then, and the next read refills again): a roster read before a change is never cached
     * over it.
     */
    private Optional<MemberLedger.Roster> refill(SessionCode session) {
        Optional<MemberCache.RefillTicket> ticket;
        try {
            ticket = Optional.of(cache.beginRefill(session));
        } catch (RuntimeException e) {
            ticket = Optional.empty();
        }
        var roster = ledger.roster(session);
        if (ticket.isPresent()) {
            var taken = ticket.get();
            roster.ifPresent(r -> hot(() -> cache.putRoster(session, r, taken)));
        }
        return roster;
    }

    @Override
    public Optional<Member> find(SessionCode session, MemberId member) {
        return list(session).stream().filter(m -> m.id().equals(member)).findFirst();
    }

    @Override
    public int count(SessionCode session) {
        return list(session).size();
    }

    @Override
    public boolean remove(SessionCode session, MemberId member) {
        return remove(session, member, Leaving.LEFT);
    }

    /**
     * The member alone leaves the copy (its token, its place in the roster), not the whole roster: dropping
     * the roster made the next read refill it whole from PostgreSQL, so removing k members of a session of n
     * (the idle-member job, a class leaving) read k rosters, k·n rows, and rewrote each in Redis. The same
     * removal runs again {@link HotCopyRepairs#AGAIN_AFTER} later, for a refill that read the ledger before
     * this removal and wrote its tokens back (its roster is refused: the removal withdrew its ticket).
     */
    @Override
    public boolean remove(SessionCode session, MemberId member, Leaving why) {
        var token = ledger.removeRevoking(session, member, why);
        durablySeen.remove(member);
        if (token.isEmpty()) {
            // Not a member by the ledger: a copy that still holds it is stale, and is dropped.
            invalidate(session, List.of());
            return false;
        }
        var revoked = token.get();
        local.remove(revoked);
        repairs.update(
                "members:" + session.value() + ":" + List.of(revoked),
                () -> cache.removed(session, member, revoked),
                () -> cache.evict(session, List.of(revoked)));
        return true;
    }

    @Override
    public void removeAll(SessionCode session) {
        var tokens = ledger.removeAllRevoking(session);
        tokens.forEach(local::remove);
        invalidate(session, tokens);
    }

    /**
     * lastSeenAt is advisory (the idle-member job also asks presence), so a store that cannot take it now
     * does not fail the socket that opens or closes: it is written again at the next activity.
     */
    @Override
    public void seen(SessionCode session, MemberId member, Instant at) {
        var stored = durablySeen.get(member);
        if (stored == null || !at.isBefore(stored.plus(SessionStore.ACTIVITY_GRANULARITY))) {
            try {
                ledger.seen(session, member, at);
            } catch (RuntimeException e) {
                log.atDebug().setCause(e).log("lastSeenAt not written to PostgreSQL");
            }
        }
        hot(() -> cache.seen(session, member, at));
    }

    @Override
    public MemberScan scanMembers(Optional<String> cursor, Instant lastSeenUpTo, int count) {
        return ledger.scanMembers(cursor, lastSeenUpTo, count);
    }

    private void invalidate(SessionCode session, List<TokenHash> tokens) {
        repairs.invalidate("members:" + session.value() + ":" + tokens, () -> cache.evict(session, tokens));
    }

    /** A write to the copy that may fail: the copy is then invalidated by the repairs that follow. */
    private static void hot(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.atDebug().setCause(e).log("a hot copy of members was not written");
        }
    }
}
