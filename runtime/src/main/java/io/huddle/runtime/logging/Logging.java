package io.huddle.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Configures logback in code from {@code LOG_FORMAT}, {@code LOG_LEVEL} and {@code HUDDLE_INSTANCE_ID}. */
public final class Logging {
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private Logging() {}

    /**
     * Replaces whatever configuration logback had (the bundled {@code logback.xml}) with one appender
     * writing {@code format} to stdout at {@code level}.
     *
     * @throws IllegalArgumentException when {@code level} is not TRACE, DEBUG, INFO, WARN, ERROR or OFF
     */
    static final List<String> QUIET_LIBRARIES =
            List.of("org.eclipse.jetty", "io.javalin", "org.flywaydb", "com.zaxxer.hikari");

    static final String FLYWAY_NOTICES = "org.flywaydb.core.internal.proprietaryStubs";

    public static void configure(LogFormat format, String level, String instanceId) {
        configure(format, level, instanceId, null);
    }

    /** {@code out == null} means stdout. Tests capture the encoder's output through {@code out}. */
    static void configure(LogFormat format, String level, String instanceId, OutputStream out) {
        Level rootLevel = level(level);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("logback is not the SLF4J provider on the class path");
        }
        context.reset();

        EncoderBase<ILoggingEvent> encoder = switch (format) {
            case JSON -> {
                var json = new JsonLogEncoder();
                json.setInstance(instanceId);
                yield json;
            }
            case TEXT -> {
                var text = new TextLogEncoder();
                text.setInstance(instanceId);
                yield text;
            }
        };
        encoder.setContext(context);
        encoder.start();

        OutputStreamAppender<ILoggingEvent> appender;
        if (out == null) {
            var console = new ConsoleAppender<ILoggingEvent>();
            console.setTarget("System.out");
            appender = console;
        } else {
            appender = new OutputStreamAppender<>();
            appender.setOutputStream(out);
        }
        appender.setName("stdout");
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();

        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel);
        root.addAppender(appender);
        quietLibraries(context, rootLevel);
    }

    /**
     * Libraries whose INFO lines tell an operator nothing the process does not say itself: Jetty's start,
     * stop and session lines, Javalin's banner, Flyway's steps and the ASCII table of a migration's
     * {@code SELECT}, Hikari's pool start. At {@code INFO} they log from {@code WARN} up; at {@code DEBUG}
     * or {@code TRACE} from {@code INFO} up, so turning the level down brings them back without their own
     * debug floods. Flyway relays PostgreSQL notices ({@code extension … already exists, skipping}) at WARN
     * through its error-override stub: those are shown only from DEBUG on.
     */
    private static void quietLibraries(LoggerContext context, Level rootLevel) {
        boolean verbose = !rootLevel.isGreaterOrEqual(Level.INFO);
        Level library = verbose ? Level.INFO : rootLevel.isGreaterOrEqual(Level.WARN) ? rootLevel : Level.WARN;
        for (String name : QUIET_LIBRARIES) context.getLogger(name).setLevel(library);
        Level notices = verbose ? Level.INFO : rootLevel.isGreaterOrEqual(Level.ERROR) ? rootLevel : Level.ERROR;
        context.getLogger(FLYWAY_NOTICES).setLevel(notices);
    }

    private static Level level(String level) {
        String name = level == null ? "" : level.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(name)) {
            throw new IllegalArgumentException("log level must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        }
        return Level.toLevel(name);
    }
}
