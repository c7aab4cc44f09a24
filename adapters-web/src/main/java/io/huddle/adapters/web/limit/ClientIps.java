package io.huddle.adapters.web.limit;

import io.huddle.adapters.web.ClientAddress;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The client IP of a request (PROTOCOL.md section 7): the socket's peer address; when the peer is one of
 * {@code HUDDLE_TRUSTED_PROXIES}, the right-most {@code X-Forwarded-For} address that is not itself a
 * trusted proxy. Each proxy appends the address it was connected from, so the header reads, left to
 * right, what the client wrote (anything at all), then what each proxy saw: walking it from the right
 * past our own proxies, the first other address is the one a trusted proxy saw connect, and nothing the
 * client writes can move it. A header from an untrusted peer is ignored whole. Addresses come out in
 * one canonical text per address, so they key limits consistently.
 */
public final class ClientIps {
    static final String FORWARDED_FOR = "X-Forwarded-For";

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

    /** The client IP of this request. */
    public String of(Context ctx) {
        var forwarded = ctx.req().getHeaders(FORWARDED_FOR);
        var ip = of(ctx.req().getRemoteAddr(), forwarded == null ? List.of() : Collections.list(forwarded));
        ClientAddress.resolved(ctx.req(), ip);
        return ip;
    }

    /**
     * The client IP of a connection from {@code peer} whose request carried these {@code X-Forwarded-For}
     * header values (none: an empty list): what a WebSocket upgrade, seen before the servlet layer, asks.
     */
    public String of(String peer, List<String> forwardedFor) {
        // Several X-Forwarded-For headers are one list, in order (RFC 9110, section 5.3).
        return resolve(peer, forwardedFor.isEmpty() ? Optional.empty() : Optional.of(String.join(",", forwardedFor)));
    }

    /**
     * The client IP for a connection from {@code peer} carrying {@code X-Forwarded-For} (all its headers
     * joined), if any. Walking the header from the right while the hops are trusted proxies, the first
     * address that is not one is the client. An entry that is no address ends the walk at the last proxy
     * passed (what lies left of it was not written by a proxy we trust); a header made only of trusted
     * proxies names its left-most one.
     */
    String resolve(String peer, Optional<String> forwardedFor) {
        var peerAddress = IpLiteral.parse(peer);
        if (peerAddress.isEmpty()) return peer; // Jetty always gives an IP; anything else still keys one peer
        InetAddress client = peerAddress.get();
        if (forwardedFor.isPresent()) {
            String[] hops = forwardedFor.get().split(",");
            for (int i = hops.length - 1; i >= 0 && isTrusted(client); i--) {
                var hop = IpLiteral.parse(hops[i]);
                if (hop.isEmpty()) break;
                client = hop.get();
            }
        }
        return client.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(cidr -> cidr.contains(address));
    }

    @Override
    public String toString() {
        return "ClientIps[trusted=" + trusted + "]";
    }
}
