package io.huddle.adapters.web;

/** The error codes of PROTOCOL.md section 4, each with its one HTTP status and its title. */
public enum ErrorCode {
    INVALID_REQUEST(400, "invalid_request", "Invalid request"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    SESSION_NOT_FOUND(404, "session_not_found", "Session not found"),
    MEMBER_NOT_FOUND(404, "member_not_found", "Member not found"),
    NOT_FOUND(404, "not_found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed"),
    SESSION_FULL(409, "session_full", "Session is full"),
    VERSION_CONFLICT(412, "version_conflict", "Version conflict"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported media type"),
    /** A plain {@code GET /ws} (PROTOCOL.md section 5): the endpoint only speaks WebSocket. */
    UPGRADE_REQUIRED(426, "upgrade_required", "Upgrade required"),
    RATE_LIMITED(429, "rate_limited", "Too many requests"),
    INTERNAL(500, "internal", "Internal error"),
    STORAGE_UNAVAILABLE(503, "storage_unavailable", "Storage unavailable");

    private final int status;
    private final String code;
    private final String title;

    ErrorCode(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The wire name, e.g. {@code session_full}. */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
