package io.huddle.adapters.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * A {@code HEAD} is answered as its {@code GET} would be, without the body (RFC 9110, section 9.3.2):
 * the same credential check, status and headers. Javalin otherwise answered every {@code HEAD} on a
 * {@code GET} route {@code 200} without running the route, so a {@code HEAD} without a credential got 200,
 * and a load balancer probing {@code /health/ready} with {@code HEAD} saw a draining gateway as ready.
 * The routes see a {@code GET}; Jetty still knows the request is a {@code HEAD} and sends no body, and the
 * access log and the metrics (outside this filter) record {@code HEAD}.
 */
final class HeadAsGet implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && "HEAD".equals(http.getMethod())) {
            chain.doFilter(new AsGet(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class AsGet extends HttpServletRequestWrapper {
        AsGet(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getMethod() {
            return "GET";
        }
    }
}
