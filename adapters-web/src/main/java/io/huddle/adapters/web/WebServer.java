package io.huddle.adapters.web;

import io.huddle.application.health.CheckHealth;
import io.huddle.application.health.HealthView;
import io.huddle.application.health.Readiness;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge of a Huddle process: the operations endpoints, the feature routes it is given, and on an
 * optional management port the operations endpoints again. Handlers run on Jetty's pool of platform threads.
 */
public final class WebServer implements AutoCloseable {
    /** The probes run in the background once a second; the endpoints answer the last round at once. */
    private static final Duration READY_CACHE = Duration.ofSeconds(1);

    private static final Duration IDLE_CONNECTION_GRACE = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** Handlers that wait on the stores hold a thread each; beyond this many at once, requests queue. */
    private static final int MAX_THREADS = 200;

    private static final int MIN_THREADS = 8;

    private final Readiness readiness = new Readiness();
    private final HealthView health;
    private final Javalin api;
    private final Optional<Javalin> management;
    private final List<HttpRoutes> features;
    private final String host;
    private final int portSetting;
    private final int managementPortSetting;
    private volatile boolean stopped;

    /**
     * A port of this server could not be bound: in use by another process, an address this machine does not
     * have, a host name that does not resolve, a port that needs privileges. The cause is the network's own
     * exception ({@link BindException} or {@link UnresolvedAddressException}), for the caller to tell an
     * operator which setting to change.
     */
    public static final class CannotListen extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String host;
        private final int port;

        CannotListen(String host, int port, Throwable cause) {
            super("cannot listen on " + host + ":" + port + ": " + cause, cause, false, false);
            this.host = host;
            this.port = port;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }
    }

    private WebServer(
            WebSettings settings,
            CheckHealth checkHealth,
            PrometheusMeterRegistry registry,
            List<HttpRoutes> features,
            Duration readyCache) {
        var scope = new RequestScope(registry);
        this.health = new HealthView(checkHealth, readyCache, System::nanoTime);
        var operations = new OperationsRoutes(readiness, health, registry, settings.version(), settings.instanceId());
        var cors = new Cors(settings.allowedOrigins());
        List<HttpRoutes> apiRoutes = new ArrayList<>();
        apiRoutes.add(cors::install);
        apiRoutes.add(operations);
        apiRoutes.addAll(features);
        this.features = features;
        this.host = settings.host();
        this.portSetting = settings.port();
        this.managementPortSetting = settings.managementPort().orElse(0);
        this.api = create(settings.host(), settings.port(), settings.maxRequestBodyBytes(), scope, apiRoutes);
        this.management = settings.managementPort().stream()
                .mapToObj(port ->
                        create(settings.host(), port, settings.maxRequestBodyBytes(), scope, List.of(operations)))
                .findFirst();
    }

    /** Builds the server; nothing listens until {@link #start()}. */
    public static WebServer create(
            WebSettings settings,
            CheckHealth checkHealth,
            PrometheusMeterRegistry registry,
            List<HttpRoutes> features) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(checkHealth, "checkHealth");
        Objects.requireNonNull(registry, "registry");
        return create(settings, checkHealth, registry, features, READY_CACHE);
    }

    /** For tests that change dependency health between requests and must not see a cached report. */
    static WebServer create(
            WebSettings settings,
            CheckHealth checkHealth,
            PrometheusMeterRegistry registry,
            List<HttpRoutes> features,
            Duration readyCache) {
        return new WebServer(settings, checkHealth, registry, List.copyOf(features), readyCache);
    }

    /**
     * Returns once every port listens; readiness then answers {@code ready}. A port that cannot be bound
     * (another process holds it, the host is not an address of this machine) is a {@link CannotListen},
     * nothing left listening.
     */
    public WebServer start() {
        management.ifPresent(m -> listen(m, managementPortSetting));
        try {
            listen(api, portSetting);
        } catch (RuntimeException e) {
            management.ifPresent(Javalin::stop); // a half-started process must not keep a port
            throw e;
        }
        readiness.ready();
        return this;
    }

    private void listen(Javalin app, int port) {
        try {
            app.start();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException || cause instanceof UnresolvedAddressException) {
                    app.stop();
                    throw new CannotListen(host, port, cause);
                }
            }
            throw e;
        }
    }

    /** The bound public port (the real one when the settings asked for {@code 0}). */
    public int port() {
        return api.port();
    }

    /** The bound management port, when one was configured. */
    public OptionalInt managementPort() {
        return management.map(m -> OptionalInt.of(m.port())).orElseGet(OptionalInt::empty);
    }

    /**
     * Stops gracefully within {@code grace} in all: readiness answers 503 from now on, the modules close
     * what they hold (sockets), then the public port stops accepting connections and requests in flight
     * get what is left of {@code grace} to finish, then everything stops. The management port goes last,
     * so probes can watch the drain.
     */
    public synchronized void drain(Duration grace) {
        if (stopped) return;
        readiness.draining();
        long deadline = System.nanoTime() + grace.toNanos();
        features.forEach(module -> module.stopping(grace));
        stopGracefully(api, left(deadline));
        management.ifPresent(m -> stopGracefully(m, left(deadline)));
        health.close();
        stopped = true;
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Stops at once: {@link #drain} with no grace. */
    @Override
    public void close() {
        drain(Duration.ZERO);
    }

    Readiness.State readiness() {
        return readiness.state();
    }

    /**
     * Every route of the public port as {@code "METHOD /path"} (WebSocket endpoints as {@code "WEBSOCKET
     * /path"}), filters left out: what the API document must describe, and nothing more.
     */
    List<String> routes() {
        var router = api.unsafe.internalRouter;
        List<String> routes = new ArrayList<>();
        for (var parsed : router.allHttpHandlers()) {
            var endpoint = parsed.endpoint;
            if (endpoint.method.isHttpMethod()) routes.add(endpoint.method.name() + " " + endpoint.path);
        }
        for (var ws : router.allWsHandlers()) {
            if (ws.getType().name().equals("WEBSOCKET")) routes.add("WEBSOCKET " + ws.getPath());
        }
        return List.copyOf(routes);
    }

    private static void stopGracefully(Javalin app, Duration grace) {
        // Jetty's graceful stop: connectors stop accepting, GracefulHandler waits for in-flight requests.
        app.jettyServer().server().setStopTimeout(grace.toMillis());
        try {
            app.stop();
        } catch (JavalinException e) {
            // Jetty stops anyway once the grace is over; what outlived it was cut off.
            log.atWarn().setCause(e).log("requests in flight outlived the stop grace period");
        }
    }

    /** Counts requests in flight for the graceful stop; idle keep-alive connections are closed soon, not waited for. */
    private static GracefulHandler gracefulHandler() {
        var handler = new GracefulHandler();
        handler.setShutdownIdleTimeout(IDLE_CONNECTION_GRACE.toMillis());
        return handler;
    }

    /**
     * Jetty's per-connection cache of header fields, off. Jetty builds it at a keep-alive connection's second
     * request, sized for 1,024 characters: ~100 KB per connection (a 48-wide trie table), to spare a few small
     * strings per request. Here that is a gateway's memory per HTTP client for no measurable CPU (join cycle
     * CPU within its spread either way, docs/performance.md), and the tables of the load balancer's or a
     * browser's closed connections reach the old generation as garbage.
     */
    private static final int HEADER_CACHE_SIZE = 0;

    /**
     * The buffer Javalin copies each response body through on its way into Jetty's (pooled) output buffer,
     * allocated anew per response. Javalin sizes it like that output buffer, 32 KB, for bodies that are a
     * few hundred bytes here (a join's, a send's ack); bigger ones (a page of history, the metrics) are
     * copied in more steps into the same Jetty buffer.
     */
    private static final int RESPONSE_COPY_BUFFER = 4096;

    /**
     * Up to {@link #MAX_THREADS} platform threads; idle ones beyond the minimum retire after a minute, all of
     * them: Jetty retires one per minute by default, so a burst of openings (each waits on the stores on its
     * thread) left a gateway holding its 200 threads and their stacks for hours.
     */
    private static org.eclipse.jetty.util.thread.QueuedThreadPool threadPool() {
        var pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(MAX_THREADS, MIN_THREADS, 60_000);
        pool.setName("huddle-http");
        pool.setMaxEvictCount(MAX_THREADS);
        return pool;
    }

    private static Javalin create(
            String host, int port, long maxBodyBytes, RequestScope scope, List<HttpRoutes> routes) {
        var headerTimeout = new RequestHeaderTimeout(RequestHeaderTimeout.LIMIT);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            // Platform threads, Jetty's own pool: its selector, reads and writes run as Jetty schedules them,
            // and a handler that waits on Redis or PostgreSQL blocks one pool thread in a plain system call.
            // Virtual threads (Javalin's option) put every Jetty task, the selector loop included, on a new
            // virtual thread: measured, that cost more CPU per message in fork-join scheduling and the
            // socket poller than it saved (docs/performance.md).
            config.jetty.threadPool = threadPool();
            config.http.prefer405over404 = true;
            config.http.responseBufferSize = RESPONSE_COPY_BUFFER;
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(HEADER_CACHE_SIZE));
            config.http.maxRequestSize = maxBodyBytes;
            config.jsonMapper(new JavalinJackson(Json.mapper(), true));
            config.appData(JsonBody.MAX_BODY_BYTES, maxBodyBytes);
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.modifyServer(server -> {
                routes.forEach(module -> module.beforeServlets().ifPresent(server::insertHandler));
                server.insertHandler(new WholeBodyFirst(maxBodyBytes));
                server.insertHandler(new SecurityHeaders());
                server.insertHandler(gracefulHandler());
                // Errors Jetty answers itself (431 and the like) are problem+json too.
                server.setErrorHandler(new ProblemErrorHandler());
                // Connectors exist once the server starts: each gets the header timeout.
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(LifeCycle event) {
                        for (var connector : server.getConnectors()) connector.addEventListener(headerTimeout);
                    }

                    @Override
                    public void lifeCycleStopped(LifeCycle event) {
                        headerTimeout.close();
                    }
                });
            });
            config.jetty.modifyServletContextHandler(handler -> {
                handler.addFilter(new FilterHolder(scope), "/*", EnumSet.of(DispatcherType.REQUEST));
                handler.addFilter(new FilterHolder(new NoHttpSessions()), "/*", EnumSet.of(DispatcherType.REQUEST));
                handler.addFilter(new FilterHolder(new HeadAsGet()), "/*", EnumSet.of(DispatcherType.REQUEST));
                handler.addFilter(new FilterHolder(new NoServletUpgrades()), "/*", EnumSet.of(DispatcherType.REQUEST));
            });
            config.router.javaLangErrorHandler(ErrorMapping::fatal);
            config.requestLogger.http(scope::onResponseWritten);
            config.routes.after(RequestScope::recordMatchedRoute);
            config.routes.after(WebServer::noTypeWithoutContent);
            config.routes.beforeMatched(BodyRules::check);
            ErrorMapping.install(config.routes);
            routes.forEach(module -> module.register(config.routes));
        });
    }

    /**
     * A {@code 204} has no content, so it names no type: Javalin gives every answer its default
     * ({@code text/plain}), which a strict client or a schema check reads as a body it was not sent.
     */
    static void noTypeWithoutContent(Context ctx) {
        if (ctx.statusCode() == 204) ctx.res().setContentType(null);
    }
}
