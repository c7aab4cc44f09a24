package io.huddle.adapters.web.limit;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The client IP of a request (PROTOCOL.md section 7): the socket's peer address, or the left-most
 * {@code X-Forwarded-For} address when the peer is one of {@code HUDDLE_TRUSTED_PROXIES}. A header
 * from any other peer is ignored, since anyone can write one. Addresses come out in one canonical
 * text per address, so they key limits consistently.
 */
public final class ClientIps {
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Cidr> trusted;

    private ClientIps(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /**
     * Trusts the peers inside {@code cidrs} ({@code 10.0.0.0/8}, {@code fd00::/8}, or single addresses);
     * an entry that is neither throws an {@link IllegalArgumentException} naming it.
     */
    public static ClientIps trusting(List<String> cidrs) {
        return new ClientIps(cidrs.stream().map(Cidr::parse).toList());
    }

    /** Trusts no proxy: the peer address is the client IP. */
    public static ClientIps direct() {
        return new ClientIps(List.of());
    }

    /** The client IP of this request (also of a WebSocket upgrade). */
    public String of(Context ctx) {
        var forwarded = Optional.ofNullable(ctx.req().getHeaders(FORWARDED_FOR))
                .map(Collections::list)
                .filter(values -> !values.isEmpty())
                .map(values -> values.getFirst());
        return resolve(ctx.req().getRemoteAddr(), forwarded);
    }

    /**
     * The client IP for a connection from {@code peer} carrying the first {@code X-Forwarded-For}
     * header's value, if any. A trusted peer whose header holds no address as its left-most entry is
     * taken as the client itself.
     */
    String resolve(String peer, Optional<String> forwardedFor) {
        var peerAddress = IpLiteral.parse(peer);
        if (peerAddress.isEmpty()) return peer; // Jetty always gives an IP; anything else still keys one peer
        boolean fromProxy = trusted.stream().anyMatch(cidr -> cidr.contains(peerAddress.get()));
        if (fromProxy && forwardedFor.isPresent()) {
            String leftMost = forwardedFor.get().split(",", 2)[0];
            var client = IpLiteral.parse(leftMost);
            if (client.isPresent()) return client.get().getHostAddress();
        }
        return peerAddress.get().getHostAddress();
    }

    @Override
    public String toString() {
        return "ClientIps[trusted=" + trusted + "]";
    }
}
