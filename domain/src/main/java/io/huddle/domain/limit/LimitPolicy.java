package io.huddle.domain.limit;

import io.huddle.domain.member.TokenHash;
import io.huddle.domain.server.ServerKeyName;
import io.huddle.domain.session.OwnerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The table of PROTOCOL.md section 7: which tiers, by which keys, one request is checked against.
 * Pure: it names the checks, a {@code RateLimiter} counts them. A tier that is off is left out; when
 * nothing is left the list is empty and the caller does not call the limiter.
 *
 * <p>Callers are told apart without a store lookup, so the limit costs nothing before it is checked:
 * a member by the hash of its token (one token per member, so the hash names the member on every
 * path, HTTP and WebSocket alike), a user by the {@code sub} of a verified JWT, anyone else by the
 * client IP.
 */
public final class LimitPolicy {
    public static final String MESSAGE = "message";
    public static final String MESSAGE_IP = "message-ip";
    public static final String BURST = "burst";
    public static final String CONNECT = "connect";
    public static final String JOIN = "join";
    public static final String JOIN_FAIL = "join-fail";
    public static final String API = "api";
    public static final String STRICT = "strict";
    public static final String SERVER = "server";

    /** The one key of {@code join-fail}: it counts failed joins of everyone together. */
    static final String EVERYONE = "everyone";

    /** Every tier's limit; empty means {@code off}. */
    public record Tiers(
            Optional<Limit> message,
            Optional<Limit> messageIp,
            Optional<Limit> burst,
            Optional<Limit> connect,
            Optional<Limit> join,
            Optional<Limit> joinFail,
            Optional<Limit> api,
            Optional<Limit> strict,
            Optional<Limit> server) {
        /** Every tier but {@code server}, which is then off. */
        public Tiers(
                Optional<Limit> message,
                Optional<Limit> messageIp,
                Optional<Limit> burst,
                Optional<Limit> connect,
                Optional<Limit> join,
                Optional<Limit> joinFail,
                Optional<Limit> api,
                Optional<Limit> strict) {
            this(message, messageIp, burst, connect, join, joinFail, api, strict, Optional.empty());
        }

        public Tiers {
            Objects.requireNonNull(message);
            Objects.requireNonNull(messageIp);
            Objects.requireNonNull(burst);
            Objects.requireNonNull(connect);
            Objects.requireNonNull(join);
            Objects.requireNonNull(joinFail);
            Objects.requireNonNull(api);
            Objects.requireNonNull(strict);
            Objects.requireNonNull(server);
        }

        /** Each tier as the settings write it, in PROTOCOL.md's order: {@code message 60/60s, …, strict off}. */
        public String describe() {
            var named = new java.util.LinkedHashMap<String, Optional<Limit>>();
            named.put(MESSAGE, message);
            named.put(MESSAGE_IP, messageIp);
            named.put(BURST, burst);
            named.put(CONNECT, connect);
            named.put(JOIN, join);
            named.put(JOIN_FAIL, joinFail);
            named.put(API, api);
            named.put(STRICT, strict);
            named.put(SERVER, server);
            var parts = new ArrayList<String>();
            named.forEach((tier, limit) ->
                    parts.add(tier + " " + limit.map(Limit::describe).orElse("off")));
            return String.join(", ", parts);
        }

        /** Every tier off. */
        public static Tiers off() {
            var none = Optional.<Limit>empty();
            return new Tiers(none, none, none, none, none, none, none, none, none);
        }
    }

    /** Who a request comes from, as far as its credential tells without a lookup. */
    public sealed interface Requester {
        /** Holds a well-formed member token (whether it is valid is for the handler to find out). */
        record Member(TokenHash token) implements Requester {
            public Member {
                Objects.requireNonNull(token);
            }
        }

        /** Holds a JWT that verifies. */
        record User(OwnerId user) implements Requester {
            public User {
                Objects.requireNonNull(user);
            }
        }

        /** Holds a server key that verifies. */
        record Server(ServerKeyName key) implements Requester {
            public Server {
                Objects.requireNonNull(key);
            }
        }

        /** No credential, or one that is neither. */
        record Anonymous() implements Requester {}
    }

    /** What a request does, as the limits tell requests apart. */
    public sealed interface Action {
        /** Any {@code /api} request that no other action names. */
        record ApiRequest(String clientIp, Requester requester) implements Action {}

        /**
         * Any {@code /api/server/…} request: counted by {@code server}, by its key when the key verifies,
         * otherwise by the client IP (so guessing keys is limited too).
         */
        record ServerRequest(String clientIp, Requester requester) implements Action {}

        /** Create or delete a session, kick (or leave), clear history. */
        record StrictRequest(String clientIp, Requester requester) implements Action {}

        /**
         * A {@code POST …/members} answered before the session lookup (its body, fields or code are not
         * valid): refused while {@code join-fail} is full (every join is then refused), counted by no tier.
         */
        record JoinAttempt() implements Action {}

        /**
         * A {@code POST …/members} that reaches the session lookup (its body and fields are valid):
         * counted by {@code join}, and refused like every join while {@code join-fail} is full.
         */
        record Join(String clientIp) implements Action {}

        /** After a join failed with 404: counted by {@code join-fail}, never refused. */
        record JoinFailed() implements Action {}

        /** {@code POST …/messages}. */
        record SendMessage(String clientIp, Requester requester) implements Action {}

        /** A WebSocket upgrade. */
        record Connect(String clientIp) implements Action {}

        /** A WebSocket frame of a member; {@code message} for {@code message:send}. */
        record Frame(TokenHash member, String clientIp, boolean message) implements Action {}
    }

    private final Tiers tiers;

    public LimitPolicy(Tiers tiers) {
        this.tiers = Objects.requireNonNull(tiers);
    }

    public Tiers tiers() {
        return tiers;
    }

    /** The checks of one request, every tier that is on; empty when none is. */
    public List<LimitCheck> checks(Action action) {
        var checks = new Checks();
        switch (action) {
            case Action.ApiRequest(var ip, var who) -> {
                checks.add(API, tiers.api(), ip(ip));
                checks.add(BURST, tiers.burst(), member(who));
            }
            case Action.StrictRequest(var ip, var who) -> {
                checks.add(STRICT, tiers.strict(), Optional.of(userOrMember(who).orElseGet(() -> ip(ip))));
                checks.add(BURST, tiers.burst(), member(who));
            }
            case Action.ServerRequest(var ip, var who) ->
                checks.add(
                        SERVER,
                        tiers.server(),
                        who instanceof Requester.Server(var key) ? "server:" + key.value() : ip(ip));
            case Action.JoinAttempt() ->
                tiers.joinFail().ifPresent(limit -> checks.add(LimitCheck.checkOnly(JOIN_FAIL, EVERYONE, limit)));
            case Action.Join(var ip) -> {
                checks.add(JOIN, tiers.join(), ip(ip));
                tiers.joinFail().ifPresent(limit -> checks.add(LimitCheck.checkOnly(JOIN_FAIL, EVERYONE, limit)));
            }
            case Action.JoinFailed() -> checks.add(JOIN_FAIL, tiers.joinFail(), EVERYONE);
            case Action.SendMessage(var ip, var who) -> {
                checks.add(MESSAGE, tiers.message(), member(who));
                checks.add(MESSAGE_IP, tiers.messageIp(), ip(ip));
                checks.add(BURST, tiers.burst(), member(who));
            }
            case Action.Connect(var ip) -> checks.add(CONNECT, tiers.connect(), ip(ip));
            case Action.Frame(var token, var ip, var message) -> {
                var member = member(new Requester.Member(token));
                if (message) {
                    checks.add(MESSAGE, tiers.message(), member);
                    checks.add(MESSAGE_IP, tiers.messageIp(), ip(ip));
                }
                checks.add(BURST, tiers.burst(), member);
            }
        }
        return checks.list();
    }

    /**
     * The key of a client address for the per-IP tiers: an IPv4 address as it is, an IPv6 address by its
     * {@code /64}. One IPv6 subscriber (a home, a phone) is given a whole {@code /64} and may use any of its
     * 2^64 addresses, so keyed by the full address a single client could take a fresh count for every
     * request; a {@code /64} is one network, as an IPv4 address behind NAT is.
     */
    static String ip(String clientIp) {
        if (clientIp == null || clientIp.isBlank()) throw new IllegalArgumentException("no client IP");
        return "ip:" + (clientIp.indexOf(':') >= 0 ? ipv6Network(clientIp) : clientIp);
    }

    /** {@code 2001:db8:1:2::/64} for any address of that network, in full or compressed form; unchanged if not IPv6. */
    private static String ipv6Network(String address) {
        int scope = address.indexOf('%');
        String bare = scope >= 0 ? address.substring(0, scope) : address;
        String[] groups = new String[8];
        int gap = bare.indexOf("::");
        String[] head = (gap >= 0 ? bare.substring(0, gap) : bare).split(":", -1);
        String[] tail = gap >= 0 ? bare.substring(gap + 2).split(":", -1) : new String[0];
        if (gap >= 0 && head.length == 1 && head[0].isEmpty()) head = new String[0];
        if (gap >= 0 && tail.length == 1 && tail[0].isEmpty()) tail = new String[0];
        if (head.length + tail.length > 8 || (gap < 0 && head.length != 8)) return address;
        java.util.Arrays.fill(groups, "0");
        for (int i = 0; i < head.length; i++) groups[i] = head[i];
        for (int i = 0; i < tail.length; i++) groups[8 - tail.length + i] = tail[i];
        var network = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            if (groups[i].isEmpty() || groups[i].length() > 4 || groups[i].contains(".")) return address;
            try {
                network.append(Integer.toHexString(Integer.parseInt(groups[i], 16)))
                        .append(':');
            } catch (NumberFormatException e) {
                return address;
            }
        }
        return network.append(":/64").toString();
    }

    private static Optional<String> member(Requester requester) {
        return requester instanceof Requester.Member(var token)
                ? Optional.of("member:" + token.hex())
                : Optional.empty();
    }

    private static Optional<String> userOrMember(Requester requester) {
        return requester instanceof Requester.User(var user) ? Optional.of("user:" + user.value()) : member(requester);
    }

    /** Collects the checks of tiers that are on and have a key for this request. */
    private static final class Checks {
        private final List<LimitCheck> list = new ArrayList<>(3);

        void add(String tier, Optional<Limit> limit, String key) {
            limit.ifPresent(l -> list.add(new LimitCheck(tier, key, l)));
        }

        void add(String tier, Optional<Limit> limit, Optional<String> key) {
            key.ifPresent(k -> add(tier, limit, k));
        }

        void add(LimitCheck check) {
            list.add(check);
        }

        List<LimitCheck> list() {
            return List.copyOf(list);
        }
    }
}
