package io.huddle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@code redis-server} process of one test's own, on a free port, that the test may kill and start
 * again on the same port: for fault tests that must not disturb the shared Redis, and the tests' Redis
 * itself on a machine that has none. Runs a {@code redis-server} of a known version, 7.0 or newer:
 * the first on the PATH that says so, else the 7.0.9 binary shipped in the embedded-redis jar (see
 * {@link RedisServerBinary}).
 */
public final class PrivateRedis implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(10);
    private static final JedisClientConfig PING_CONFIG = DefaultJedisClientConfig.builder()
            .timeoutMillis(200)
            .autoNegotiateProtocol(false)
            .build();

    private final RedisServerBinary binary;
    private final int port;
    private final List<String> extraArguments;
    private final Path logFile;
    private Process process;
    /** Where the current run's lines begin in the log (it keeps every run's). */
    private long logStart;

    private final Thread reaper;

    private PrivateRedis(RedisServerBinary binary, int port, List<String> extraArguments) throws IOException {
        this.binary = binary;
        this.port = port;
        this.extraArguments = List.copyOf(extraArguments);
        this.logFile = Files.createTempFile("private-redis-" + port, ".log");
        this.reaper = new Thread(this::kill, "private-redis-reaper-" + port);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts a new server on a free port and returns once it answers PING. */
    public static PrivateRedis start() {
        return start(List.of());
    }

    /**
     * {@link #start()} with more {@code redis-server} arguments (a cluster node's, say). redis-server must be
     * told its port: when another process took it first, it starts again on a fresh one.
     */
    static PrivateRedis start(List<String> extraArguments) {
        return Ports.startOnFreePort(port -> startOn(port, extraArguments));
    }

    /** A new server on {@code port}, answering PING; nothing is left running when it throws. */
    static PrivateRedis startOn(int port, List<String> extraArguments) {
        PrivateRedis redis;
        try {
            redis = new PrivateRedis(RedisServerBinary.get(), port, extraArguments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            redis.restart();
            return redis;
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The server's version as its {@code --version} printed it, e.g. {@code 7.0.15}. */
    public String version() {
        return binary.version();
    }

    /** {@code PATH} or {@code embedded}: where its binary came from. */
    public String source() {
        return binary.source();
    }

    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once (SIGKILL): clients see their connections drop, as in a crash. */
    public synchronized void kill() {
        if (process == null) return;
        // A paused server must be able to die: SIGKILL works on a stopped process, but let it run first.
        if (process.isAlive()) {
            try {
                new ProcessBuilder("kill", "-CONT", Long.toString(process.pid()))
                        .start()
                        .waitFor();
            } catch (IOException e) {
                // It dies by SIGKILL anyway.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops the server where it is (SIGSTOP): it keeps its connections and data but answers nothing, as a hung server. */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        if (process == null) throw new IllegalStateException("redis-server is not running");
        try {
            var kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " failed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Starts the server again on the same port (killing it first if it runs) and waits until it answers; throws
     * {@link Ports.Taken} when another process holds the port now.
     */
    public synchronized void restart() {
        kill();
        var command = new java.util.ArrayList<>(List.of(
                binary.path().toString(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no"));
        command.addAll(extraArguments);
        try {
            logStart = Files.size(logFile);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPong();
    }

    @Override
    public synchronized void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs anyway.
        }
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                if (couldNotBind()) throw new Ports.Taken(port, "redis-server could not listen on it; see " + logFile);
                throw new IllegalStateException("redis-server exited at start; see " + logFile);
            }
            try (var jedis = new Jedis("127.0.0.1", port, PING_CONFIG)) {
                if ("PONG".equals(jedis.ping())) {
                    // Another server that took the port answers as well as ours would: only ours will do.
                    if (jedis.info("server").contains("process_id:" + process.pid() + "\r\n")) return;
                    throw new Ports.Taken(port, "another server answers on it");
                }
            } catch (JedisException e) {
                sleep(Duration.ofMillis(20));
            }
        }
        throw new IllegalStateException("redis-server did not answer within " + START_LIMIT + "; see " + logFile);
    }

    /**
     * What redis-server logs when it cannot listen: the port (or, for a cluster node, its bus port, 10000 above)
     * is in use, or a cluster node's port is too high for a bus port to exist.
     */
    private boolean couldNotBind() {
        try (var in = Files.newInputStream(logFile)) {
            in.skipNBytes(logStart);
            var log = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return log.contains("Address already in use") || log.contains("port number too high");
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
