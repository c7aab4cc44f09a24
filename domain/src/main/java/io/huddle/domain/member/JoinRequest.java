package io.huddle.domain.member;

import io.huddle.domain.text.DisplayNames;
import io.huddle.domain.text.Violations;
import java.util.Optional;

/** What a joiner asks for, checked: a display name and a joinable role (default {@code member}). */
public record JoinRequest(String displayName, Role role) {
    public static Optional<JoinRequest> of(Optional<String> displayName, Optional<String> role, Violations violations) {
        var name = displayName.isPresent()
                ? DisplayNames.check("displayName", displayName.get(), violations)
                : Optional.<String>empty();
        if (displayName.isEmpty()) violations.add("displayName", "is required");
        var checkedRole =
                role.map(r -> Role.fromWireName(r).filter(Role::isJoinable)).orElse(Optional.of(Role.MEMBER));
        if (checkedRole.isEmpty()) violations.add("role", "must be one of controller, member, display");
        if (!violations.isEmpty()) return Optional.empty();
        return Optional.of(new JoinRequest(name.orElseThrow(), checkedRole.orElseThrow()));
    }
}
