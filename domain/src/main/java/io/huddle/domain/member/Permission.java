package io.huddle.domain.member;

/**
 * What a caller may do inside a session; {@link Role} says which member has which. A few actions
 * are also the owner's by user token (no member token needed): {@link #ownerActsByUserToken()}.
 */
public enum Permission {
    /** See the session itself ({@code GET /api/sessions/{code}}). */
    VIEW_SESSION(true),
    /** Read inside the session: members, presence, history, search, stats, state. */
    READ(false),
    SEND_MESSAGE(false),
    WRITE_STATE(false),
    TERMINATE_SESSION(true),
    KICK_MEMBER(true),
    CLEAR_HISTORY(true);

    private final boolean ownerByUserToken;

    Permission(boolean ownerByUserToken) {
        this.ownerByUserToken = ownerByUserToken;
    }

    /** Whether the session's owner may do this with its user token as well as with its member token. */
    public boolean ownerActsByUserToken() {
        return ownerByUserToken;
    }
}
