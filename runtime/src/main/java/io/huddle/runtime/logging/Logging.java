package io.huddle.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.OutputStream;
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
    }

    private static Level level(String level) {
        String name = level == null ? "" : level.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(name)) {
            throw new IllegalArgumentException("log level must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        }
        return Level.toLevel(name);
    }
}
