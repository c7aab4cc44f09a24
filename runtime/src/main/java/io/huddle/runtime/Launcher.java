package io.huddle.runtime;

import io.huddle.runtime.logging.Logging;
import io.huddle.runtime.settings.CommonSettings;
import io.huddle.runtime.settings.Mode;
import io.huddle.runtime.settings.SettingException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The start of every {@code main}: settings or exit 2, logging, the embedded-mode warning, graceful stop. */
public final class Launcher {
    /** In-flight requests get this long on SIGTERM; with the stores closing, the process exits within 30 s. */
    public static final Duration DRAIN_GRACE = Duration.ofSeconds(20);

    private Launcher() {}

    /** A subcommand of a deployable's jar: prints to {@code out} (its result) and {@code err} (one line on failure). */
    @FunctionalInterface
    public interface Command {
        /** Runs with the arguments after the command's name; returns the exit code. */
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    /**
     * With arguments, runs the command the first one names and exits with its code (an unknown name is one
     * line on stderr naming {@code usage}, and exit 2); without arguments, returns, so the process starts.
     */
    public static void runCommandIfAny(String[] args, Map<String, Command> commands, String usage) {
        if (args.length == 0) return;
        var command = commands.get(args[0]);
        if (command == null) {
            System.err.println("unknown command " + args[0] + "; run without arguments to start, or: " + usage);
            System.exit(2);
            return;
        }
        System.exit(command.run(List.of(args).subList(1, args.length), System.out, System.err));
    }

    /** The settings, or the one-line reason on stderr and exit code 2. */
    public static <T> T settingsOrExit(Supplier<T> read) {
        try {
            return read.get();
        } catch (SettingException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    /**
     * Starts the process, or prints why it cannot start ({@link StartupFailure}: a port in use, a Redis
     * too old) in one line on stderr and exits with code 2, without a stack trace.
     */
    public static <T> T startOrExit(Supplier<T> start) {
        try {
            return start.get();
        } catch (StartupFailure e) {
            System.err.println(e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    /** Configures logging as the settings say and warns, in one line, when running embedded. */
    public static Logger logging(CommonSettings settings, Class<?> main, String embeddedNote) {
        Logging.configure(settings.logFormat(), settings.logLevel(), settings.instanceId());
        Logger log = LoggerFactory.getLogger(main);
        if (settings.mode() == Mode.EMBEDDED) {
            log.warn("Embedded development mode: REDIS_URL and DATABASE_URL are not set, so every store is in"
                    + " this process; one instance only, nothing survives a restart" + embeddedNote);
        }
        return log;
    }

    /** Drains {@code service} on SIGTERM/SIGINT and exits 0. */
    public static void stopOnSignal(Service service) {
        Shutdown.onSignal(() -> service.drain(DRAIN_GRACE));
    }
}
