package io.huddle.adapters.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * A request that reaches the servlets is plain HTTP: the one WebSocket upgrade the gateway makes
 * ({@code GET /ws}) is taken by Jetty's core handler before them. Javalin, though, sends every request
 * that carries {@code Sec-WebSocket-Version} to its own WebSocket router, which has no routes and answered
 * {@code 404} (as a problem with code {@code invalid_request}) instead of the route's answer: a
 * {@code GET /ws} whose upgrade Jetty refused (a version other than 13) got that 404 instead of its
 * {@code 426}, and any other route got it too, past its rate limit. Hiding the header from the servlets
 * lets the routes answer as they do every other request.
 */
final class NoServletUpgrades implements Filter {
    static final String VERSION = "Sec-WebSocket-Version";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && http.getHeader(VERSION) != null) {
            chain.doFilter(new WithoutVersion(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class WithoutVersion extends HttpServletRequestWrapper {
        WithoutVersion(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return VERSION.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return VERSION.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            var names = Collections.list(super.getHeaderNames());
            names.removeIf(VERSION::equalsIgnoreCase);
            return Collections.enumeration(names);
        }
    }
}
