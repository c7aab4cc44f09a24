package io.huddle.domain.presence;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import java.util.Collection;
import java.util.Set;

/**
 * How many members a session has and how many of them are online: the one way the online count is
 * reckoned (sessions, presence events, welcomes). Only members count as online, so a socket of a
 * member removed a moment ago is never counted.
 */
public record Headcount(int online, int total) {
    public static final Headcount NOBODY = new Headcount(0, 0);

    public Headcount {
        if (online < 0 || total < 0 || online > total)
            throw new IllegalArgumentException("headcount " + online + "/" + total);
    }

    public static Headcount of(Collection<Member> members, Set<MemberId> onlineIds) {
        int online = 0;
        for (Member member : members) {
            if (onlineIds.contains(member.id())) online++;
        }
        return new Headcount(online, members.size());
    }
}
