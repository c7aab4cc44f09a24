package io.huddle.adapters.redis;

import io.huddle.domain.member.TokenHash;
import io.huddle.domain.session.SessionCode;
import java.util.Optional;

/**
 * Every Redis key the stores use. All keys of one session share the hash tag {@code {CODE}}, so a
 * script over several of them runs on one Redis Cluster node; token keys are the one global family,
 * because a socket connects with nothing but its token.
 */
record RedisKeys(String prefix) {
    RedisKeys {
        // A brace in the prefix would become the hash tag and put every session on one node.
        if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
            throw new IllegalArgumentException("Redis key prefix must be non-empty and without braces");
        }
    }

    /** Hash: the cached copy of the session. */
    String session(SessionCode code) {
        return inSession(code, "session");
    }

    /** Hash: memberId → member record, plus {@code expiresAt}. */
    String members(SessionCode code) {
        return inSession(code, "members");
    }

    /** The refill ticket of a session's roster (a string, short-lived); in the session's slot. */
    String membersRefill(SessionCode code) {
        return inSession(code, "members:refill");
    }

    /** Hash: socketId → {@code memberId|instanceId}. */
    String presence(SessionCode code) {
        return inSession(code, "presence");
    }

    /** Hash: memberId → number of open sockets, plus {@code expiresAt}. */
    String online(SessionCode code) {
        return inSession(code, "online");
    }

    /** Set: members with a socket that the cached roster lacks, which the headcount leaves out. */
    String onlineStrays(SessionCode code) {
        return inSession(code, "online:strays");
    }

    /** Hash: the shared state's {@code version}, {@code data}, {@code updatedAt}, {@code updatedBy}, {@code expiresAt}. */
    String state(SessionCode code) {
        return inSession(code, "state");
    }

    /** Sorted set: the session's newest messages, score = seq (see {@link RecentRecords}). */
    String recent(SessionCode code) {
        return inSession(code, "recent");
    }

    /** String: the token's session and member (see {@link MemberRecords}). */
    String token(TokenHash token) {
        return prefix + ":token:" + token.hex();
    }

    /** Pattern (SCAN MATCH) of every session's presence hash. */
    String presencePattern() {
        return glob(prefix) + ":{*}:presence";
    }

    /** Pattern (SCAN MATCH) of every session's members hash. */
    String membersPattern() {
        return glob(prefix) + ":{*}:members";
    }

    /** Pattern (SCAN MATCH) of every session's state hash. */
    String statePattern() {
        return glob(prefix) + ":{*}:state";
    }

    /** The session of a per-session key {@code <prefix>:{CODE}:<what>}; empty for a key of another shape. */
    Optional<SessionCode> sessionOf(String key, String what) {
        var head = prefix + ":{";
        var tail = "}:" + what;
        if (!key.startsWith(head) || !key.endsWith(tail) || key.length() <= head.length() + tail.length()) {
            return Optional.empty();
        }
        return SessionCode.parse(key.substring(head.length(), key.length() - tail.length()));
    }

    /** String: a gateway instance's heartbeat; it expires when the instance stops beating. */
    String instance(String instanceId) {
        return prefix + ":instance:" + instanceId;
    }

    /** String: written by the breaker's prober and the health check to learn that Redis takes writes; expires. */
    String writeProbe() {
        return prefix + ":probe";
    }

    /** Sorted set: every instance's heartbeat, scored by the end of its life (epoch ms, Redis's clock). */
    String instances() {
        return prefix + ":instances";
    }

    /** {@code text} with the glob characters of SCAN MATCH escaped, so it matches only itself. */
    static String glob(String text) {
        var escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') escaped.append('\\');
            escaped.append(c);
        }
        return escaped.toString();
    }

    private String inSession(SessionCode code, String what) {
        return prefix + ":{" + code.value() + "}:" + what;
    }
}
