package io.huddle.application.memory;

import io.huddle.domain.member.Enrolled;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.MemberLedger;
import io.huddle.domain.member.Membership;
import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.Session;
import io.huddle.domain.session.SessionCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Members and token hashes in maps behind one read-write lock, so the cap check and the add are one
 * step and a member never exists without its token or the other way round. A session's members and
 * tokens are gone once its {@code expiresAt} has passed.
 */
public final class InMemoryMemberStore implements MemberLedger {
    /** The members of one session and when they all vanish. */
    private record Room(Instant expiresAt, Map<MemberId, Seat> seats) {
        boolean isLiveAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    private record Seat(Member member, TokenHash token) {}

    private record Holder(SessionCode session, MemberId member) {}

    private final InstantSource clock;
    private final Map<SessionCode, Room> rooms = new HashMap<>();
    private final Map<TokenHash, Holder> tokens = new HashMap<>();
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public InMemoryMemberStore(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Joined join(Session session, Member member, TokenHash token) {
        var now = clock.instant();
        lock.writeLock().lock();
        try {
            expiries.drain(now, this::drop);
            var room = rooms.get(session.code());
            if (room == null) {
                room = new Room(session.expiresAt(), new HashMap<>());
                rooms.put(session.code(), room);
                expiries.schedule(session.code(), session.expiresAt());
            }
            if (room.seats().size() >= session.maxMembers()) return new Joined.Full();
            room.seats().put(member.id(), new Seat(member, token));
            tokens.put(token, new Holder(session.code(), member.id()));
            return new Joined.Added(room.seats().size());
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Optional<Membership> authenticate(TokenHash token) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            var holder = tokens.get(token);
            if (holder == null) return Optional.empty();
            return seat(holder.session(), holder.member(), now)
                    .map(seat -> new Membership(holder.session(), seat.member()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Member> list(SessionCode session) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            return liveRoom(session, now)
                    .map(room -> room.seats().values().stream()
                            .map(Seat::member)
                            .sorted(Member.BY_JOIN)
                            .toList())
                    .orElse(List.of());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A session this store never saw a member of is unknown here, so it has no roster (empty). */
    @Override
    public Optional<Roster> roster(SessionCode session) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            return liveRoom(session, now)
                    .map(room -> new Roster(
                            room.expiresAt(),
                            room.seats().values().stream()
                                    .sorted((a, b) -> Member.BY_JOIN.compare(a.member(), b.member()))
                                    .map(seat -> new Enrolled(seat.member(), seat.token()))
                                    .toList()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<Member> find(SessionCode session, MemberId member) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            return seat(session, member, now).map(Seat::member);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int count(SessionCode session) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            return liveRoom(session, now).map(room -> room.seats().size()).orElse(0);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<TokenHash> removeRevoking(SessionCode session, MemberId member) {
        var now = clock.instant();
        lock.writeLock().lock();
        try {
            var room = liveRoom(session, now);
            if (room.isEmpty()) return Optional.empty();
            var seat = room.get().seats().remove(member);
            if (seat == null) return Optional.empty();
            tokens.remove(seat.token());
            return Optional.of(seat.token());
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<TokenHash> removeAllRevoking(SessionCode session) {
        lock.writeLock().lock();
        try {
            var room = rooms.get(session);
            var revoked = room == null
                    ? List.<TokenHash>of()
                    : room.seats().values().stream().map(Seat::token).toList();
            drop(session);
            expiries.forget(session);
            return revoked;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void seen(SessionCode session, MemberId member, Instant at) {
        var now = clock.instant();
        lock.writeLock().lock();
        try {
            liveRoom(session, now)
                    .ifPresent(room -> room.seats()
                            .computeIfPresent(
                                    member, (id, seat) -> new Seat(seat.member().seenAt(at), seat.token())));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The whole walk in one step: this store serves one process, whose members all fit in one list. */
    @Override
    public MemberScan scanMembers(Optional<String> cursor, Instant lastSeenUpTo, int count) {
        var now = clock.instant();
        lock.readLock().lock();
        try {
            var found = new ArrayList<Membership>();
            rooms.forEach((code, room) -> {
                if (!room.isLiveAt(now)) return;
                for (var seat : room.seats().values())
                    if (!seat.member().lastSeenAt().isAfter(lastSeenUpTo))
                        found.add(new Membership(code, seat.member()));
            });
            return new MemberScan(found, Optional.empty());
        } finally {
            lock.readLock().unlock();
        }
    }

    private Optional<Room> liveRoom(SessionCode session, Instant now) {
        return Optional.ofNullable(rooms.get(session)).filter(room -> room.isLiveAt(now));
    }

    private Optional<Seat> seat(SessionCode session, MemberId member, Instant now) {
        return liveRoom(session, now).map(room -> room.seats().get(member));
    }

    private void drop(SessionCode session) {
        var room = rooms.remove(session);
        if (room != null) room.seats().values().forEach(seat -> tokens.remove(seat.token()));
    }
}
