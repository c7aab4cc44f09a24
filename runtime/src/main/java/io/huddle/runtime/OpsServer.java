package io.huddle.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.huddle.application.health.CheckHealth;
import io.huddle.application.health.HealthAnswers;
import io.huddle.application.health.HealthView;
import io.huddle.application.health.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The operations endpoints of a process that serves nothing else (the worker): {@code /ping},
 * {@code /health/live}, {@code /health/ready}, {@code /health} and {@code /metrics}, answered as the
 * gateway answers them ({@link HealthAnswers}), on the JDK's own HTTP server, so the worker carries no web
 * framework. Every response carries {@code X-Correlation-Id}; anything else is a {@code 404} or
 * {@code 405} problem.
 */
public final class OpsServer implements Service.Edge {
    private static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Duration READY_CACHE = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Readiness readiness = new Readiness();
    private final HealthView health;
    private final PrometheusMeterRegistry meters;
    private final String version;
    private final String instance;
    private final List<HttpServer> servers = new ArrayList<>();

    private OpsServer(CheckHealth health, PrometheusMeterRegistry meters, String version, String instance) {
        this.health = new HealthView(health, READY_CACHE, System::nanoTime);
        this.meters = meters;
        this.version = version;
        this.instance = instance;
    }

    /** Listens on {@code port} (0: any free one) and, when given, on the management port as well. */
    public static OpsServer start(
            String host,
            int port,
            Optional<Integer> managementPort,
            CheckHealth health,
            PrometheusMeterRegistry meters,
            String version,
            String instance) {
        var ops = new OpsServer(health, meters, version, instance);
        try {
            ops.listen(host, port, "PORT");
            if (managementPort.isPresent()) ops.listen(host, managementPort.get(), "HUDDLE_MANAGEMENT_PORT");
        } catch (RuntimeException e) {
            ops.drain(Duration.ZERO);
            throw e;
        }
        ops.readiness.ready();
        return ops;
    }

    private void listen(String host, int port, String setting) {
        try {
            var server = HttpServer.create(new InetSocketAddress(host, port), 64);
            server.createContext("/", this::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            servers.add(server);
        } catch (BindException | UnresolvedAddressException e) {
            throw StartupFailure.cannotListen(setting, host, port, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    @Override
    public int port() {
        return servers.getFirst().getAddress().getPort();
    }

    @Override
    public void drain(Duration grace) {
        readiness.draining();
        servers.forEach(server -> server.stop((int) Math.min(Integer.MAX_VALUE, grace.toSeconds())));
        servers.clear();
        health.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var correlationId = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Correlation-Id"))
                    .filter(id -> CORRELATION_ID.matcher(id).matches())
                    .orElseGet(() -> UUID.randomUUID().toString());
            exchange.getResponseHeaders().set("X-Correlation-Id", correlationId);
            var path = exchange.getRequestURI().getPath();
            var known = switch (path) {
                case "/ping", "/health/live", "/health/ready", "/health", "/metrics" -> true;
                default -> false;
            };
            if (!known) {
                problem(exchange, 404, "not_found", "Not found", "No such route.", correlationId);
            } else if (!isRead(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                problem(exchange, 405, "method_not_allowed", "Method not allowed", "Only GET and HEAD.", correlationId);
            } else {
                switch (path) {
                    case "/ping" -> send(exchange, 200, "text/plain; charset=utf-8", "pong");
                    case "/metrics" -> send(exchange, 200, METRICS_CONTENT_TYPE, meters.scrape());
                    case "/health/live" ->
                        answer(
                                exchange,
                                HealthAnswers.live(
                                        ManagementFactory.getRuntimeMXBean().getUptime() / 1000));
                    case "/health/ready" -> answer(exchange, HealthAnswers.ready(readiness.state(), health));
                    default -> answer(exchange, HealthAnswers.deep(health, version, instance));
                }
            }
        }
    }

    /** A HEAD is answered as its GET, without the body ({@link #send}), as the gateway's own port does. */
    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static void answer(HttpExchange exchange, HealthAnswers.Answer answer) throws IOException {
        send(exchange, answer.status(), "application/json", json(answer.body()));
    }

    private static void problem(
            HttpExchange exchange, int status, String code, String title, String detail, String correlationId)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("code", code);
        body.put("detail", detail);
        body.put("correlationId", correlationId);
        send(exchange, status, "application/problem+json", json(body));
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an operations answer that is not JSON", e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) exchange.getResponseBody().write(bytes);
    }
}
