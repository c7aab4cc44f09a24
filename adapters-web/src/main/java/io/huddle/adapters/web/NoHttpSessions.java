package io.huddle.adapters.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Huddle keeps no servlet sessions: every credential is a bearer token. Javalin still asks for the session
 * of each WebSocket upgrade (to copy its attributes to the socket), which made Jetty create one per upgrade,
 * with a {@code JSESSIONID} cookie, kept on the heap long after the socket closed. This filter answers every
 * request's {@code getSession} with a session of that request alone: nothing is registered, no cookie is
 * set, and it is garbage once the request is.
 */
final class NoHttpSessions implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http) {
            chain.doFilter(new Sessionless(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class Sessionless extends HttpServletRequestWrapper {
        private RequestOnlySession session;

        Sessionless(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession(boolean create) {
            if (session == null && create) session = new RequestOnlySession(getServletContext());
            return session;
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }

        @Override
        public String changeSessionId() {
            return getSession(true).getId();
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            return false;
        }
    }

    /** A session that lives as long as its request: attributes in a map, nothing shared, nothing sent. */
    private static final class RequestOnlySession implements HttpSession {
        private final ServletContext context;
        private final long created = System.currentTimeMillis();
        private final String id = UUID.randomUUID().toString();
        private final Map<String, Object> attributes = new HashMap<>();
        private int maxInactive;

        RequestOnlySession(ServletContext context) {
            this.context = context;
        }

        @Override
        public long getCreationTime() {
            return created;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public long getLastAccessedTime() {
            return created;
        }

        @Override
        public ServletContext getServletContext() {
            return context;
        }

        @Override
        public void setMaxInactiveInterval(int interval) {
            maxInactive = interval;
        }

        @Override
        public int getMaxInactiveInterval() {
            return maxInactive;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.enumeration(attributes.keySet());
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

        @Override
        public void invalidate() {
            attributes.clear();
        }

        @Override
        public boolean isNew() {
            return true;
        }
    }
}
