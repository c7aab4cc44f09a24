package io.huddle.domain.member;

import static io.huddle.domain.member.Permission.CLEAR_HISTORY;
import static io.huddle.domain.member.Permission.KICK_MEMBER;
import static io.huddle.domain.member.Permission.READ;
import static io.huddle.domain.member.Permission.SEND_MESSAGE;
import static io.huddle.domain.member.Permission.TERMINATE_SESSION;
import static io.huddle.domain.member.Permission.VIEW_SESSION;
import static io.huddle.domain.member.Permission.WRITE_STATE;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A member's role; the permissions table is this enum, in one place. */
public enum Role {
    OWNER(EnumSet.allOf(Permission.class)),
    CONTROLLER(EnumSet.of(VIEW_SESSION, READ, SEND_MESSAGE, WRITE_STATE)),
    MEMBER(EnumSet.of(VIEW_SESSION, READ, SEND_MESSAGE, WRITE_STATE)),
    DISPLAY(EnumSet.of(VIEW_SESSION, READ));

    private static final List<Role> ALL = List.of(values());

    private final Set<Permission> permissions;
    private final String wireName;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> fromWireName(String name) {
        for (Role role : ALL) {
            if (role.wireName.equals(name)) return Optional.of(role);
        }
        return Optional.empty();
    }

    /** Roles a joiner may ask for: everything but {@code owner}, which only creation gives. */
    public boolean isJoinable() {
        return this != OWNER;
    }

    static {
        if (!OWNER.may(TERMINATE_SESSION) || !OWNER.may(KICK_MEMBER) || !OWNER.may(CLEAR_HISTORY)) {
            throw new AssertionError("the owner may do everything");
        }
    }
}
