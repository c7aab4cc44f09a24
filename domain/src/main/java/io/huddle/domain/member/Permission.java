package io.huddle.domain.member;

/** What a member may do inside a session; {@link Role} says who has which. */
public enum Permission {
    READ,
    SEND_MESSAGE,
    WRITE_STATE,
    TERMINATE_SESSION,
    KICK_MEMBER,
    CLEAR_HISTORY
}
