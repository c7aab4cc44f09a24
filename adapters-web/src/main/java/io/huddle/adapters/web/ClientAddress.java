package io.huddle.adapters.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's address as the rate limits resolved it (through {@code X-Forwarded-For} of trusted
 * proxies, PROTOCOL.md section 7), kept on the request for its log line: behind a load balancer the
 * connection's own address is the balancer's, and a 429 could not be matched with the client it refused.
 */
public final class ClientAddress {
    private static final String ATTRIBUTE = "huddle.clientIp";

    private ClientAddress() {}

    /** Records {@code clientIp} as the address of {@code request}'s client. */
    public static void resolved(HttpServletRequest request, String clientIp) {
        request.setAttribute(ATTRIBUTE, clientIp);
    }

    /** The resolved address, or the connection's own when nothing resolved one (a route without limits). */
    static String of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String ip ? ip : request.getRemoteAddr();
    }
}
