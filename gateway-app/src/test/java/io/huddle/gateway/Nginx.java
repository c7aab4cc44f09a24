package io.huddle.gateway;

import io.huddle.testkit.Ports;
import io.huddle.testkit.TestNginx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nginx ({@link TestNginx#binary()}: the Debian package, or the binary {@code NGINX} names) as a load balancer in front of gateway processes: round robin over the
 * upstreams, no stickiness, WebSocket upgrades passed through. Runs in the foreground from a config
 * written to a temporary directory ({@code -p}), on a free port (another when that one was taken first);
 * stopped by its pid.
 */
final class Nginx implements AutoCloseable {
    private final Process process;
    private final Path dir;
    final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The configuration Compose runs (deploy/nginx/huddle.conf), read from the repository. */
    static final Path SHARED_CONFIG = Path.of("..", "deploy", "nginx", "huddle.conf");

    /**
     * deploy/nginx/huddle.conf, the file Compose runs, unchanged but for where it listens ({@code port} on
     * 127.0.0.1) and its upstream servers ({@code upstreams} on 127.0.0.1), inside an {@code http} block of
     * the test's own (a private prefix, pid and temp paths); with {@code proxyBind}, nginx connects to the
     * upstreams from that local address (a loopback address other than the clients', so a test can trust
     * the balancer without trusting its clients).
     */
    static String config(Path dir, int port, List<Integer> upstreams, Optional<String> proxyBind) {
        String shared;
        try {
            shared = Files.readString(SHARED_CONFIG, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var servers = new StringBuilder();
        for (int upstream : upstreams)
            servers.append("  server 127.0.0.1:").append(upstream).append(";\n");
        var adapted =
                replaceOnce(shared, "(?m)^  server gateway-1:8080;\n  server gateway-2:8080;\n", servers.toString());
        adapted = replaceOnce(adapted, "(?m)^  listen 8080;", "  listen 127.0.0.1:" + port + ";");
        if (proxyBind.isPresent()) {
            adapted = replaceOnce(
                    adapted, "(?m)^(    proxy_send_timeout 1h;)", "$1\n    proxy_bind " + proxyBind.get() + ";");
        }
        return """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 512; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                %2$s
                }
                """.formatted(dir, adapted);
    }

    /** {@code text} with its one match of {@code regex} replaced; fails when the shared file changed shape. */
    private static String replaceOnce(String text, String regex, String replacement) {
        var matcher = java.util.regex.Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError(SHARED_CONFIG + " no longer has " + regex + "; adapt Nginx.config to it");
        }
        return matcher.replaceFirst(replacement);
    }

    /**
     * Starts nginx on a free port and returns once it accepts connections; fails in one line naming what to
     * install without it. nginx must be told its port: when another process took it first, nginx starts again
     * on a fresh one.
     */
    static Nginx start(List<Integer> upstreams) {
        return start(upstreams, Optional.empty());
    }

    /** {@link #start(List)}, connecting to the upstreams from {@code proxyBind} when given. */
    static Nginx start(List<Integer> upstreams, Optional<String> proxyBind) {
        var binary = TestNginx.binary();
        return Ports.startOnFreePort(port -> start(binary, port, upstreams, proxyBind));
    }

    private static Nginx start(Path binary, int port, List<Integer> upstreams, Optional<String> proxyBind) {
        try {
            var dir = Files.createTempDirectory("huddle-nginx-");
            var conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config(dir, port, upstreams, proxyBind), StandardCharsets.UTF_8);
            var process = new ProcessBuilder(
                            binary.toString(), "-p", dir.toString(), "-c", conf.toString(), "-e", dir + "/error.log")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            var nginx = new Nginx(process, dir, port);
            try {
                nginx.awaitListening();
            } catch (RuntimeException | Error e) {
                nginx.close();
                throw e;
            }
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Until nginx accepts connections. nginx writes its pid file only once it has bound its port, so a connection
     * accepted before that is another process's, which took the port: nginx then exits saying so.
     */
    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                var said = Files.readString(dir.resolve("stdout.log")) + errorLog();
                if (said.contains("Address already in use")) throw new Ports.Taken(port, said);
                throw new AssertionError("nginx exited: " + said);
            }
            if (!Files.exists(dir.resolve("nginx.pid"))) {
                sleep();
                continue;
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new AssertionError("nginx does not listen on " + port + " after 10 s: " + errorLog());
    }

    String errorLog() {
        try {
            var log = dir.resolve("error.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGTERM to the master (fast shutdown, workers included), by its pid. */
    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.toHandle().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
