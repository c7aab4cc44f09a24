package io.huddle.runtime.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One line per event for people ({@code LOG_FORMAT=text}): time, level, logger, message, then
 * {@code key=value} fields. Control characters in any value are escaped ({@code \n}), so no value can
 * start a line of its own; stack traces follow on indented lines.
 */
public final class TextLogEncoder extends LineEncoder {

    @Override
    public byte[] encode(ILoggingEvent event) {
        var line = new StringBuilder(160);
        line.append(LogEvents.timestamp(event)).append(' ');
        line.append(String.format("%-5s", event.getLevel())).append(' ');
        line.append(escape(event.getLoggerName())).append(" - ");
        line.append(escape(Redactor.redact(event.getFormattedMessage())));
        String correlationId = LogEvents.correlationId(event);
        if (correlationId != null) field(line, LogEvents.CORRELATION_ID, correlationId);
        for (Map.Entry<String, Object> field : LogEvents.fields(event).entrySet()) {
            field(line, field.getKey(), field.getValue());
        }
        if (!instance().isEmpty()) field(line, "instance", instance());
        line.append('\n');
        for (IThrowableProxy t = event.getThrowableProxy(), first = t; t != null; t = t.getCause()) {
            line.append(t == first ? "  " : "  Caused by: ").append(t.getClassName());
            if (t.getMessage() != null) line.append(": ").append(escape(Redactor.redact(t.getMessage())));
            line.append('\n');
            StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
            for (int i = 0; i < frames.length - t.getCommonFrames(); i++) {
                line.append("    ").append(escape(frames[i].getSTEAsString())).append('\n');
            }
            if (t.getCommonFrames() > 0)
                line.append("    ... ").append(t.getCommonFrames()).append(" more\n");
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder line, String key, Object value) {
        String text = escape(String.valueOf(value));
        line.append(' ').append(escape(key)).append('=');
        if (text.isEmpty() || text.chars().anyMatch(c -> c == ' ' || c == '"')) {
            line.append('"').append(text.replace("\"", "\\\"")).append('"');
        } else {
            line.append(text);
        }
    }

    /** Escapes every control character (and the Unicode line separators) so a value stays on its line. */
    static String escape(String value) {
        if (value == null) return "null";
        var out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || (c >= 0x80 && c < 0xa0)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
