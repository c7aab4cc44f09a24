package io.huddle.domain.presence;

import io.huddle.domain.member.Member;
import io.huddle.domain.member.MemberId;
import io.huddle.domain.member.Role;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Counts of members and online members, in total and by role (every role present, zero or not). */
public record PresenceSummary(int total, int online, Map<Role, Integer> byRole, Map<Role, Integer> onlineByRole) {
    public PresenceSummary {
        byRole = Map.copyOf(byRole);
        onlineByRole = Map.copyOf(onlineByRole);
    }

    public static PresenceSummary of(Collection<Member> members, Set<MemberId> onlineIds) {
        Map<Role, Integer> byRole = zeroes();
        Map<Role, Integer> onlineByRole = zeroes();
        for (Member member : members) {
            byRole.merge(member.role(), 1, Integer::sum);
            if (onlineIds.contains(member.id())) onlineByRole.merge(member.role(), 1, Integer::sum);
        }
        var headcount = Headcount.of(members, onlineIds);
        return new PresenceSummary(headcount.total(), headcount.online(), byRole, onlineByRole);
    }

    public Headcount headcount() {
        return new Headcount(online, total);
    }

    private static Map<Role, Integer> zeroes() {
        Map<Role, Integer> counts = new EnumMap<>(Role.class);
        for (Role role : Role.values()) counts.put(role, 0);
        return counts;
    }
}
