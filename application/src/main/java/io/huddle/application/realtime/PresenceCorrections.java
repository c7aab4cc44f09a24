package io.huddle.application.realtime;

import io.huddle.application.session.ListMembers.MemberView;
import io.huddle.domain.event.SessionEvent;
import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.presence.Headcount;
import io.huddle.domain.session.SessionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one session's sockets on this gateway were told about who is a member and who is online, and the
 * {@code presence} events that make it right again when an event never came: the bus delivers at most once,
 * and while Redis is away it carries nothing between gateways, so a member who joined or came online on
 * another gateway meanwhile would stay unknown here until a socket reconnects.
 *
 * <p>Each check of the session hands in what the stores say. A difference from what was told becomes an
 * event only once a later check, {@link #CONFIRM_AFTER} or more after it was first seen, still finds it and no
 * event about that member came in between: a difference seen once is usually an event still on its way
 * (published after the store was written), and who is online is reckoned again by every gateway within 5 s
 * of Redis coming back. Who is online is compared only when the store answers for every gateway; the
 * roster (PostgreSQL its system of record) always. What was told starts from a socket's welcome (who is online
 * as this gateway knew it, while Redis is away), or, when a presence event crossed every welcome's read so far,
 * from the next check, which then only learns what is there.
 *
 * <p>Not thread-safe: its feed calls it under the feed's lock.
 */
final class PresenceCorrections {
    /**
     * How long a difference must last, with no event about its member, before it is corrected: far longer than
     * an event takes to arrive, and as long as a gateway may take to put its sockets back into Redis once it
     * answers again (PROTOCOL.md section 8).
     */
    static final Duration CONFIRM_AFTER = Duration.ofSeconds(5);

    private enum Kind {
        JOINED,
        LEFT,
        ONLINE,
        OFFLINE
    }

    private record Pending(Kind kind, Instant since) {}

    private final SessionCode session;
    /** Null until a welcome or a check tells what is there: not known yet. */
    private Map<MemberId, Member> roster;
    /** Null while the roster is. */
    private Set<MemberId> online;

    private long heard;
    private Map<MemberId, Pending> pendingRoster = new HashMap<>();
    private Map<MemberId, Pending> pendingOnline = new HashMap<>();

    PresenceCorrections(SessionCode session) {
        this.session = session;
    }

    /** How many presence events were handed on so far: read before the stores are, passed to {@link #correct}. */
    long mark() {
        return heard;
    }

    /** A presence event handed on to the sockets: what they were told now includes it. */
    void heard(SessionEvent event) {
        switch (event) {
            case SessionEvent.MemberJoined joined -> {
                if (roster != null) roster.put(joined.member().id(), joined.member());
                settled(joined.member().id());
            }
            case SessionEvent.MemberLeft left -> {
                forget(left.member().id());
                settled(left.member().id());
            }
            case SessionEvent.MemberOnline on -> {
                if (online != null) online.add(on.member().id());
                settled(on.member().id());
            }
            case SessionEvent.MemberOffline off -> {
                if (online != null) online.remove(off.member().id());
                settled(off.member().id());
            }
            default -> {
                return;
            }
        }
        heard++;
    }

    /** A member gone from the roster: who is online is compared for members only, so it goes from both. */
    private void forget(MemberId member) {
        if (roster != null) roster.remove(member);
        if (online != null) online.remove(member);
    }

    private void settled(MemberId member) {
        pendingRoster.remove(member);
        pendingOnline.remove(member);
    }

    /**
     * What a welcome read after {@link #mark} returned {@code mark} told its socket: learnt when nothing is
     * known yet and no presence event crossed the read.
     */
    void told(long mark, List<MemberView> members) {
        if (roster != null || mark != heard) return;
        var ids = new HashSet<MemberId>();
        members.stream()
                .filter(MemberView::online)
                .forEach(view -> ids.add(view.member().id()));
        learn(members.stream().map(MemberView::member).toList(), ids);
    }

    /** What was told, learnt from a welcome or a check: the corrections compare against it from now on. */
    private void learn(Collection<Member> members, Set<MemberId> onlineIds) {
        roster = new HashMap<>();
        members.forEach(m -> roster.put(m.id(), m));
        online = new HashSet<>(onlineIds);
    }

    /**
     * The stores' answer, read after {@link #mark} returned {@code mark}: the events that correct what the
     * sockets were told, in the order to hand them on (joins before their members come online). Nothing when
     * an event was handed on while the stores were read: what was told moved under the read.
     *
     * @param nowOnline who is online, as a welcome read now would say it
     * @param everywhere whether {@code nowOnline} counts every gateway's sockets (false: this gateway's only,
     *     Redis is away), and may be compared with what was told
     * @param headcount the session's counts by this read, carried by every correction
     */
    List<SessionEvent> correct(
            long mark,
            List<Member> members,
            Set<MemberId> nowOnline,
            boolean everywhere,
            Headcount headcount,
            Instant now) {
        if (mark != heard) return List.of();
        var stored = new LinkedHashMap<MemberId, Member>();
        members.forEach(m -> stored.put(m.id(), m));
        if (roster == null) {
            learn(stored.values(), nowOnline);
            return List.of();
        }
        var corrections = new ArrayList<SessionEvent>();
        var rosterDiffs = new LinkedHashMap<MemberId, Kind>();
        stored.keySet().forEach(id -> {
            if (!roster.containsKey(id)) rosterDiffs.put(id, Kind.JOINED);
        });
        roster.keySet().forEach(id -> {
            if (!stored.containsKey(id)) rosterDiffs.put(id, Kind.LEFT);
        });
        pendingRoster = confirm(pendingRoster, rosterDiffs, now, (id, kind) -> {
            if (kind == Kind.JOINED) {
                var member = stored.get(id);
                roster.put(id, member);
                corrections.add(new SessionEvent.MemberJoined(session, member, headcount));
            } else {
                var member = roster.get(id);
                forget(id);
                corrections.add(new SessionEvent.MemberLeft(session, member, SessionEvent.Departure.LEFT, headcount));
            }
        });
        if (!everywhere) {
            pendingOnline = new HashMap<>();
            return corrections;
        }
        // Only members both sides know: a join not corrected yet is compared once it is.
        var onlineDiffs = new LinkedHashMap<MemberId, Kind>();
        for (var id : stored.keySet()) {
            if (!roster.containsKey(id)) continue;
            boolean is = nowOnline.contains(id);
            if (is != online.contains(id)) onlineDiffs.put(id, is ? Kind.ONLINE : Kind.OFFLINE);
        }
        pendingOnline = confirm(pendingOnline, onlineDiffs, now, (id, kind) -> {
            var member = stored.get(id);
            if (kind == Kind.ONLINE) {
                online.add(id);
                corrections.add(new SessionEvent.MemberOnline(session, member, headcount));
            } else {
                online.remove(id);
                corrections.add(new SessionEvent.MemberOffline(session, member, headcount));
            }
        });
        return corrections;
    }

    private interface Correct {
        void apply(MemberId member, Kind kind);
    }

    /** The differences still pending after this check; those seen long enough go to {@code correct}. */
    private static Map<MemberId, Pending> confirm(
            Map<MemberId, Pending> pending, Map<MemberId, Kind> diffs, Instant now, Correct correct) {
        var still = new HashMap<MemberId, Pending>();
        diffs.forEach((id, kind) -> {
            var before = pending.get(id);
            if (before == null || before.kind() != kind) {
                still.put(id, new Pending(kind, now));
            } else if (Duration.between(before.since(), now).compareTo(CONFIRM_AFTER) >= 0) {
                correct.apply(id, kind);
            } else {
                still.put(id, before);
            }
        });
        return still;
    }
}
