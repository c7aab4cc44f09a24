package io.huddle.adapters.web;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Wraps every request, outside Javalin, so nothing escapes it: assigns the correlation id (header on the
 * response, MDC for every log line the request causes, removed afterwards), and once per request writes
 * the request log line and the {@code http.server.requests} timer.
 */
final class RequestScope implements Filter {
    static final String MDC_KEY = "correlationId";
    static final String TIMER = "http.server.requests";
    private static final String CORRELATION_ATTRIBUTE = "huddle.correlationId";
    private static final String ROUTE_ATTRIBUTE = "huddle.route";
    private static final String IN_FLIGHT_ATTRIBUTE = "huddle.inFlight";
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");
    private static final Logger log = LoggerFactory.getLogger("huddle.http");

    private final MeterRegistry registry;

    RequestScope(MeterRegistry registry) {
        this.registry = registry;
    }

    static String correlationId(HttpServletRequest req) {
        Object id = req.getAttribute(CORRELATION_ATTRIBUTE);
        return id instanceof String s ? s : MDC.get(MDC_KEY);
    }

    /** Names the request's route for metrics; handlers that answer without a route (CORS preflight) call it too. */
    static void route(Context ctx, String route) {
        ctx.req().setAttribute(ROUTE_ATTRIBUTE, route);
    }

    /** Installed as Javalin's first after-handler, which runs even when a handler threw. */
    static void recordMatchedRoute(Context ctx) {
        if (ctx.req().getAttribute(ROUTE_ATTRIBUTE) != null) return;
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null && !endpoint.path.isEmpty()) route(ctx, endpoint.path);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        var req = (HttpServletRequest) request;
        var res = (HttpServletResponse) response;
        String id = CorrelationIds.keepOrCreate(req.getHeader(CorrelationIds.HEADER));
        var inFlight = new InFlight(System.nanoTime(), id, new AtomicBoolean());
        req.setAttribute(CORRELATION_ATTRIBUTE, id);
        req.setAttribute(IN_FLIGHT_ATTRIBUTE, inFlight);
        res.setHeader(CorrelationIds.HEADER, id);
        Map<String, String> outer = MDC.getCopyOfContextMap();
        MDC.put(MDC_KEY, id);
        boolean failed = true;
        try {
            chain.doFilter(req, res);
            failed = false;
        } finally {
            if (!failed && req.isAsyncStarted()) {
                req.getAsyncContext().addListener(new FinishWhenDone(req, res));
            } else {
                finishOnce(req, res, failed);
            }
            restore(outer);
        }
    }

    /**
     * Javalin's request logger: called once the result is written but before the response is closed, so
     * the log line and the timer exist by the time the client has the answer. The filter's own call is the
     * fallback for requests that never get this far.
     */
    void onResponseWritten(Context ctx, Float ignoredMillis) {
        finishOnce(ctx.req(), ctx.res(), false);
    }

    private void finishOnce(HttpServletRequest req, HttpServletResponse res, boolean failed) {
        if (!(req.getAttribute(IN_FLIGHT_ATTRIBUTE) instanceof InFlight inFlight)) return;
        if (!inFlight.done().compareAndSet(false, true)) return;
        Map<String, String> outer = MDC.getCopyOfContextMap();
        MDC.put(MDC_KEY, inFlight.correlationId());
        try {
            finish(req, res, inFlight, failed);
        } finally {
            restore(outer);
        }
    }

    private void finish(HttpServletRequest req, HttpServletResponse res, InFlight inFlight, boolean failed) {
        long elapsed = System.nanoTime() - inFlight.started();
        int status = failed ? 500 : res.getStatus();
        Timer.builder(TIMER)
                .description("HTTP requests by route template")
                .tag("method", methodTag(req.getMethod()))
                .tag("route", routeTag(req, status))
                .tag("status", Integer.toString(status))
                .tag("outcome", Outcome.forStatus(status).name())
                .register(registry)
                .record(elapsed, TimeUnit.NANOSECONDS);
        log.atInfo()
                .addKeyValue("method", req.getMethod())
                .addKeyValue("path", req.getRequestURI()) // never the query string: it may carry secrets
                .addKeyValue("status", status)
                .addKeyValue("durationMs", Math.round(elapsed / 10_000.0) / 100.0)
                .addKeyValue("clientIp", ClientAddress.of(req))
                .addKeyValue("peer", req.getRemoteAddr())
                .addKeyValue("correlationId", inFlight.correlationId())
                .log("http request");
    }

    private static String methodTag(String method) {
        return KNOWN_METHODS.contains(method) ? method : "OTHER";
    }

    /** The template, never the raw path: raw paths hold session codes and would multiply the series. */
    private static String routeTag(HttpServletRequest req, int status) {
        if (req.getAttribute(ROUTE_ATTRIBUTE) instanceof String route) return route;
        return switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            default -> "UNMATCHED";
        };
    }

    private static void restore(Map<String, String> outer) {
        if (outer == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(outer);
        }
    }

    private record InFlight(long started, String correlationId, AtomicBoolean done) {}

    /** For requests a handler made asynchronous: they end on another thread, after the filter returned. */
    private final class FinishWhenDone implements AsyncListener {
        private final HttpServletRequest req;
        private final HttpServletResponse res;

        FinishWhenDone(HttpServletRequest req, HttpServletResponse res) {
            this.req = req;
            this.res = res;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            finishOnce(req, res, false);
        }

        @Override
        public void onError(AsyncEvent event) {
            finishOnce(req, res, true);
        }

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }
}
