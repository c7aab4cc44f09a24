package io.huddle.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A deployable jar run as its own process, the way an operator runs it: {@code java -jar} with
 * exactly the environment given (plus PATH and HOME), its output captured line by line.
 */
public final class AppProcess implements AutoCloseable {
    /** The start-up line of the gateway and the worker: {@code Huddle gateway 1.2 listening on 127.0.0.1:8080 (…)}. */
    private static final java.util.regex.Pattern LISTENING =
            java.util.regex.Pattern.compile("listening on \\S+:(\\d+) ");

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final List<Thread> pumps;

    private AppProcess(Process process) {
        this.process = process;
        this.pumps = List.of(
                pump(process.inputReader(StandardCharsets.UTF_8), stdout),
                pump(process.errorReader(StandardCharsets.UTF_8), stderr));
    }

    /** Starts {@code jar} (built by the module's {@code package} phase) with {@code env} as its whole environment. */
    public static AppProcess start(Path jar, Map<String, String> env) {
        return start(jar, env, List.of());
    }

    /** {@link #start(Path, Map)} with command-line arguments after the jar. */
    public static AppProcess start(Path jar, Map<String, String> env, List<String> args) {
        if (!Files.isRegularFile(jar))
            throw new IllegalStateException(jar + " is missing: run the package phase first");
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString()));
        command.addAll(args);
        var builder = new ProcessBuilder(command);
        var environment = builder.environment();
        environment.clear();
        for (String keep : List.of("PATH", "HOME", "HOSTNAME")) {
            String value = System.getenv(keep);
            if (value != null) environment.put(keep, value);
        }
        environment.putAll(env);
        try {
            return new AppProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread pump(BufferedReader reader, List<String> into) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (reader) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (into) {
                        into.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    public List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    public List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /**
     * Sends SIGTERM, as an orchestrator does to stop a container. Through the handle, because
     * {@code Process.destroy()} also closes our ends of the pipes, losing what the process logs while it stops.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** The exit code, once the process has ended within {@code limit}; fails the test otherwise. */
    public int exitCode(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the process did not exit within " + limit);
            }
            for (Thread pump : pumps) pump.join(Duration.ofSeconds(10));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The port the process says in its start-up line that it listens on ({@code … listening on host:port …}),
     * waiting up to {@code limit} for that line. Started with {@code PORT=0}, the process binds a port the system
     * picks and says which: no other process can take it between its being found free and bound, and nothing
     * else answering on a port found free earlier is mistaken for the process.
     */
    public int listeningPort(Duration limit) {
        Poll.until(limit, "the process says where it listens", () -> {
            if (startUpPort().isPresent()) return true;
            if (!isAlive()) throw new AssertionError("the process exited before it listened; stderr: " + stderr());
            return false;
        });
        return startUpPort().orElseThrow();
    }

    private java.util.OptionalInt startUpPort() {
        for (String line : stdout()) {
            var listening = LISTENING.matcher(line);
            if (listening.find()) return java.util.OptionalInt.of(Integer.parseInt(listening.group(1)));
        }
        return java.util.OptionalInt.empty();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
